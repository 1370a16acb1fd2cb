package dev.doppel.cli;

import dev.doppel.lm.CpuInfo;

/** The machine a benchmark ran on, for its report: numbers mean little without it. */
public final class MachineInfo {

    public static int cpus() {
        return Runtime.getRuntime().availableProcessors();
    }

    public static String cpuModel() {
        String model = CpuInfo.firstValue(CpuInfo.read(), "model name");
        return model.isEmpty() ? "unknown" : model;
    }

    public static String java() {
        return Runtime.version().toString();
    }

    private MachineInfo() {
    }
}
