package dev.doppel.localstack;

import java.nio.file.Path;
import java.time.Duration;

/** A real component of the platform run as a background process that outlives the JVM starting it. */
public interface LocalComponent {

    /** Short name, e.g. {@code postgres}: names the PID file, the log and the component in messages. */
    String name();

    /** Starts the process without waiting for it; does nothing when it is already running. */
    void launch();

    /**
     * Waits until the component serves requests and does its one-time set-up (database, topics).
     *
     * @throws IllegalStateException when it is not ready in time or its process died
     */
    void awaitReady(Duration timeout);

    /** Launch, then wait until ready. */
    default void start(Duration timeout) {
        launch();
        awaitReady(timeout);
    }

    /** Whether the process recorded in the PID file is alive. */
    boolean isRunning();

    /** Whether the component answers its health probe now. */
    boolean isHealthy();

    /** Stops the process this component started, by PID. Returns whether one was running. */
    boolean stop();

    Path logFile();

    /** Where clients reach it, e.g. {@code postgresql://localhost:5433/doppel}. */
    String url();
}
