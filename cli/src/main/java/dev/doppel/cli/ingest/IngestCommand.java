package dev.doppel.cli.ingest;

import picocli.CommandLine.Command;

/** {@code bin/doppel ingest …}: ingest's data work without the stack. */
@Command(name = "ingest", mixinStandardHelpOptions = true, description = "Ingest's data work without the stack.",
        subcommands = {IngestBenchCommand.class})
public final class IngestCommand {
}
