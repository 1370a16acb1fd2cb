package dev.doppel.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What every component run as a background process shares: a directory of its own holding
 * {@code <name>.pid} and {@code <name>.log}, and waiting for health that fails fast (with the end of
 * the log) when the process dies.
 */
public abstract class ProcessComponent implements LocalComponent {
    private static final int LOG_LINES_IN_ERRORS = 40;

    protected final Path dir;
    protected final ManagedProcess process;

    protected ProcessComponent(String name, Path dir) {
        this.dir = dir.toAbsolutePath();
        this.process = new ManagedProcess(name, this.dir.resolve(name + ".pid"), this.dir.resolve(name + ".log"));
    }

    @Override
    public String name() {
        return process.name();
    }

    public Path dir() {
        return dir;
    }

    @Override
    public boolean isRunning() {
        return process.isRunning();
    }

    @Override
    public Path logFile() {
        return process.logFile();
    }

    @Override
    public boolean stop() {
        return process.stop("TERM", Duration.ofSeconds(30));
    }

    @Override
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!isHealthy()) {
            if (!isRunning()) {
                throw new IllegalStateException(name() + " exited before it was ready; end of " + logFile() + ":\n" + logTail());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(name() + " not ready after " + timeout.toSeconds() + " s; end of "
                        + logFile() + ":\n" + logTail());
            }
            sleep(Duration.ofMillis(250));
        }
        afterReady();
    }

    /** One-time set-up once the component answers (idempotent: runs on every start). */
    protected void afterReady() {
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES_IN_ERRORS), lines.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Refuses to start a second server on a port something else already holds. */
    protected void requireFree(int port) {
        if (Net.isListening(port)) {
            throw new IllegalStateException("Cannot start " + name() + ": port " + port
                    + " is already in use by another process. Stop it or choose another port.");
        }
    }

    /** The java executable of the running JVM: child JVMs use the same JDK. */
    protected static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    protected static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return name() + " " + url();
    }
}
