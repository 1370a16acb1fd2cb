package dev.doppel.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What benchmarks report about their own process. */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** VmHWM: the most resident memory this process has held (Linux); -1 elsewhere. */
    public static long peakRssMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
