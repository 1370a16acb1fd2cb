package dev.doppel.lm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Linux's {@code /proc/cpuinfo}: what the engine decides by (MKL's kernels) and what benchmark reports name. */
public final class CpuInfo {

    private CpuInfo() {
    }

    /** The file's text, or "" where there is none (not Linux, or not readable). */
    public static String read() {
        Path cpuInfo = Path.of("/proc/cpuinfo");
        try {
            return Files.isReadable(cpuInfo) ? Files.readString(cpuInfo) : "";
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    /** The value of the first {@code key : value} line (the first CPU's), or "". */
    public static String firstValue(String cpuInfo, String key) {
        return cpuInfo.lines()
                .filter(line -> line.startsWith(key) && line.indexOf(':') > 0 && line.substring(0, line.indexOf(':')).trim().equals(key))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst().orElse("");
    }
}
