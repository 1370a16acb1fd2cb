package dev.doppel.cli;

/** A component of the stack as {@code status} sees it. */
public record ComponentStatus(String name, boolean running, boolean healthy, String url, String logFile) {

    public String state() {
        if (healthy) {
            return "healthy";
        }
        return running ? "running, not ready" : "stopped";
    }
}
