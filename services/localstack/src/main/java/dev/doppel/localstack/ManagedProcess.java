package dev.doppel.localstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A background process that outlives the JVM that started it and is found again through its PID file.
 *
 * <p>The PID file holds the PID and the process start time, so that a recycled PID never makes us stop
 * (or trust) an unrelated process. Processes run in their own session ({@code setsid}) so that closing
 * the terminal that ran {@code doppel up} does not hang them up.
 */
public final class ManagedProcess {
    private static final Duration START_TIME_TOLERANCE = Duration.ofSeconds(1);

    private final String name;
    private final Path pidFile;
    private final Path logFile;

    public ManagedProcess(String name, Path pidFile, Path logFile) {
        this.name = name;
        this.pidFile = pidFile;
        this.logFile = logFile;
    }

    public String name() {
        return name;
    }

    public Path pidFile() {
        return pidFile;
    }

    public Path logFile() {
        return logFile;
    }

    /** The process recorded in the PID file, if it is still the same process and alive. */
    public Optional<ProcessHandle> running() {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        String[] fields;
        try {
            fields = Files.readString(pidFile).trim().split("\\s+");
        } catch (IOException e) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(fields[0]);
            long startedMillis = fields.length > 1 ? Long.parseLong(fields[1]) : -1;
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(handle -> startedMillis < 0 || sameStart(handle, startedMillis));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean isRunning() {
        return running().isPresent();
    }

    /**
     * Starts the command with stdin from /dev/null and stdout and stderr appended to the log file, and
     * records its PID. Environment entries with a null value are removed from the inherited environment.
     */
    public ProcessHandle launch(List<String> command, Map<String, String> environment, Path workDir) {
        if (isRunning()) {
            throw new IllegalStateException(name + " is already running (" + pidFile + ")");
        }
        try {
            Files.createDirectories(logFile.getParent());
            Files.createDirectories(pidFile.getParent());
            Files.createDirectories(workDir);
            List<String> full = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
                // The JVM's child is never a process-group leader, so setsid execs in place and the PID stays.
                full.add("/usr/bin/setsid");
            }
            full.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(full)
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            environment.forEach((key, value) -> {
                if (value == null) {
                    builder.environment().remove(key);
                } else {
                    builder.environment().put(key, value);
                }
            });
            Files.writeString(logFile, "%n=== %s starting %s: %s%n".formatted(Instant.now(), name, String.join(" ", full)),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            Process process = builder.start();
            ProcessHandle handle = process.toHandle();
            long started = handle.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
            Path tmp = pidFile.resolveSibling(pidFile.getFileName() + ".tmp");
            Files.writeString(tmp, handle.pid() + " " + started + "\n");
            Files.move(tmp, pidFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return handle;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops the recorded process: the given signal (TERM, or INT where that is the process's fast clean
     * shutdown), then, after the grace period, SIGKILL to it and its descendants. Returns whether a
     * process was running.
     */
    public boolean stop(String signal, Duration grace) {
        Optional<ProcessHandle> running = running();
        if (running.isEmpty()) {
            deletePidFile();
            return false;
        }
        ProcessHandle handle = running.get();
        List<ProcessHandle> descendants = handle.descendants().toList();
        if ("TERM".equals(signal)) {
            handle.destroy();
        } else {
            signal(handle.pid(), signal);
        }
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception timedOut) {
            descendants.forEach(ProcessHandle::destroyForcibly);
            handle.destroyForcibly();
            handle.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> handle).join();
        }
        // A wrapper script (kc.sh) may have left its JVM behind when it was killed.
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        deletePidFile();
        return true;
    }

    private static void signal(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale PID file is detected by its start time anyway
        }
    }

    private static boolean sameStart(ProcessHandle handle, long startedMillis) {
        return handle.info().startInstant()
                .map(start -> Math.abs(start.toEpochMilli() - startedMillis) <= START_TIME_TOLERANCE.toMillis())
                .orElse(true);
    }
}
