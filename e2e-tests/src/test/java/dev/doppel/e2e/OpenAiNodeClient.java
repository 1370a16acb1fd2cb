package dev.doppel.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The official {@code openai} npm package, installed from the npm registry at the version that
 * {@code openai-client/package-lock.json} pins, running {@code openai-client/workflow.mjs} with Node.
 * Node and npm must be on the PATH: the proof that an unchanged OpenAI client works is part of the
 * suite, so their absence fails the test rather than skipping it.
 */
final class OpenAiNodeClient {
    private final Path directory;

    OpenAiNodeClient(Path directory) {
        this.directory = directory;
    }

    /** {@code npm ci} once per checkout: the lock file fixes the client's version and integrity hash. */
    void install(Consumer<String> log) throws IOException, InterruptedException {
        if (Files.isDirectory(directory.resolve("node_modules/openai"))) {
            return;
        }
        Result result = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), Duration.ofMinutes(5), log);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("npm ci failed (" + result.exitCode() + "):\n" + result.output());
        }
    }

    /** Runs the workflow script with {@code environment} added to this process's environment. */
    Result runWorkflow(Map<String, String> environment, Duration timeout, Consumer<String> log)
            throws IOException, InterruptedException {
        return run(List.of("node", "workflow.mjs"), environment, timeout, log);
    }

    private Result run(List<String> command, Map<String, String> environment, Duration timeout, Consumer<String> log)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("doppel-node-", ".log");
        try {
            var builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            boolean finished = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
            String text = Files.readString(output, StandardCharsets.UTF_8)
                    + (finished ? "" : "\n(killed after " + timeout.toSeconds() + " s)");
            text.lines().forEach(line -> log.accept("[" + command.getFirst() + "] " + line));
            return new Result(finished ? process.exitValue() : -1, text);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    record Result(int exitCode, String output) {
    }
}
