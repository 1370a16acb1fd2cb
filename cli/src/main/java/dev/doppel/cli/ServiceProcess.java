package dev.doppel.cli;

import dev.doppel.localstack.Net;
import dev.doppel.localstack.ProcessComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One of the four Quarkus services, run from its fast-jar; ready when /q/health/ready answers 200. */
final class ServiceProcess extends ProcessComponent {
    private final int port;
    private final Path jar;
    private final String maxHeap;
    private final Map<String, String> environment;

    ServiceProcess(String name, Path dir, int port, Path jar, String maxHeap, Map<String, String> environment) {
        super(name, dir);
        this.port = port;
        this.jar = jar;
        this.maxHeap = maxHeap;
        this.environment = environment;
    }

    @Override
    public String url() {
        return "http://localhost:" + port;
    }

    Path jar() {
        return jar;
    }

    @Override
    public void launch() {
        if (isRunning()) {
            return;
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name() + " is not built: " + jar + " is missing. Build it with ./mvnw -B install -DskipTests "
                    + "(bin/doppel does this when a jar is missing), or start the infrastructure alone with --only-infra.");
        }
        requireFree(port);
        process.launch(List.of(javaExecutable(),
                        "-Xmx" + maxHeap,
                        "--enable-native-access=ALL-UNNAMED",
                        // the decoder's Vector API kernels; without the module it falls back to scalar ones, 4x slower
                        "--add-modules", "jdk.incubator.vector",
                        "-Dai.djl.pytorch.num_interop_threads=1",
                        "-jar", jar.toString()),
                environment, dir);
    }

    @Override
    public boolean isHealthy() {
        return Net.httpStatus(url() + "/q/health/ready") == 200;
    }
}
