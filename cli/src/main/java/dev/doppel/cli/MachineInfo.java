package dev.doppel.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The machine a benchmark ran on, for its report: numbers mean little without it. */
public final class MachineInfo {

    public static int cpus() {
        return Runtime.getRuntime().availableProcessors();
    }

    public static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    public static String java() {
        return Runtime.version().toString();
    }

    private MachineInfo() {
    }
}
