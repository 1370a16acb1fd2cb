package dev.doppel.cli.bench;

import picocli.CommandLine.Command;

/** {@code bin/doppel bench …}: benchmarks against the running stack ({@code bin/doppel lm bench} is the engine's). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks against the running stack: chat (streaming chat completions through the gateway).",
        subcommands = {ChatBenchCommand.class})
public final class BenchCommand {
}
