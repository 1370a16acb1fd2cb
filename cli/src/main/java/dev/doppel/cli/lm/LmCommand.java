package dev.doppel.cli.lm;

import picocli.CommandLine.Command;

/** {@code bin/doppel lm ...}: the language-model engine on its own, without the platform running. */
@Command(name = "lm", mixinStandardHelpOptions = true,
        description = "Trains, samples, evaluates and benchmarks models directly with the engine (no stack needed).",
        subcommands = {TrainTokenizerCommand.class, PretrainCommand.class, SftCommand.class, SampleCommand.class,
                EvalCommand.class, BenchCommand.class, MailCorpusCommand.class})
public final class LmCommand {
}
