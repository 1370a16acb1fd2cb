package dev.doppel.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bin/doppel}: the platform on this machine. */
@Command(name = "doppel", mixinStandardHelpOptions = true, version = "doppel 0.1.0",
        description = "Runs the Doppel platform locally: PostgreSQL, Kafka, Keycloak and the four services.",
        subcommands = {Main.Up.class, Main.Status.class, Main.Down.class, Main.Logs.class, DemoCommand.class,
                dev.doppel.cli.lm.LmCommand.class, dev.doppel.cli.ingest.PrepareDataCommand.class,
                dev.doppel.cli.ingest.IngestCommand.class, dev.doppel.cli.basemodel.BaseModelCommand.class,
                dev.doppel.cli.auth.LoginCommand.class, dev.doppel.cli.auth.LogoutCommand.class,
                dev.doppel.cli.files.FilesCommand.class, dev.doppel.cli.finetune.FineTuningCommand.class,
                dev.doppel.cli.chat.ChatCommand.class, dev.doppel.cli.bench.BenchCommand.class})
public final class Main {

    public static void main(String[] args) {
        // The CLI's own libraries (Kafka's admin client, zonky) talk a lot at INFO.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.exit(commandLine().execute(args));
    }

    /** The command tree with its error handling: a failure prints its message (the API's error), exit status 1. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("doppel " + commandPath(cmd) + ": " + CliErrors.describe(e));
            cmd.getErr().flush();
            return 1;
        });
        return commandLine;
    }

    /** {@code ft create}, not just {@code create}. */
    private static String commandPath(CommandLine cmd) {
        String path = cmd.getCommandName();
        for (CommandLine parent = cmd.getParent(); parent != null && parent.getParent() != null; parent = parent.getParent()) {
            path = parent.getCommandName() + " " + path;
        }
        return path;
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Starts everything that is not running and waits until all is healthy.")
    static final class Up implements Callable<Integer> {
        @Mixin
        StackOptions options;

        @Option(names = "--only-infra", description = "Start PostgreSQL, Kafka and Keycloak only.")
        boolean onlyInfra;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "180",
                description = "How long each service may take to become ready (default ${DEFAULT-VALUE}).")
        long timeoutSeconds;

        @Option(names = "--service-jar", paramLabel = "SERVICE=JAR",
                description = "Run another jar for a service, e.g. gateway=/tmp/app/quarkus-run.jar.")
        java.util.Map<String, Path> serviceJars = new java.util.LinkedHashMap<>();

        @Override
        public Integer call() {
            StackConfig config = options.config().withOnlyInfra(onlyInfra).withReadyTimeout(Duration.ofSeconds(timeoutSeconds));
            for (var jar : serviceJars.entrySet()) {
                config = config.withServiceJar(jar.getKey(), jar.getValue());
            }
            new Stack(config).up(System.out::println);
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Shows each component's health; exit status 0 only when all are healthy.")
    static final class Status implements Callable<Integer> {
        @Mixin
        StackOptions options;

        @Override
        public Integer call() {
            List<ComponentStatus> status = Stack.saved(options.savedConfig()).status();
            for (ComponentStatus component : status) {
                System.out.printf("%-18s %-19s %s%n", component.name(), component.state(), component.url());
            }
            return status.stream().allMatch(ComponentStatus::healthy) ? 0 : 1;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Stops, by PID, exactly what up started. The data directory is kept.")
    static final class Down implements Callable<Integer> {
        @Mixin
        StackOptions options;

        @Override
        public Integer call() {
            Stack.saved(options.savedConfig()).down(System.out::println);
            return 0;
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true, description = "Prints the logs of every component, or of one.")
    static final class Logs implements Callable<Integer> {
        @Mixin
        StackOptions options;

        @Parameters(arity = "0..1", paramLabel = "COMPONENT",
                description = "postgres, kafka, keycloak, ingest-service, trainer-service, evaluator-service or gateway.")
        String component;

        @Option(names = {"-n", "--lines"}, paramLabel = "N", description = "Only the last N lines of each log.")
        Integer lines;

        @Override
        public Integer call() throws IOException {
            Stack stack = Stack.saved(options.savedConfig());
            List<String> names = component == null ? stack.componentNames() : List.of(component);
            for (String name : names) {
                Optional<Path> log = stack.logFile(name);
                if (log.isEmpty()) {
                    System.err.println("No component named " + name + "; known: " + String.join(", ", stack.componentNames()));
                    return 2;
                }
                if (!Files.isRegularFile(log.get())) {
                    if (component != null) {
                        System.err.println("No log yet for " + name + " (" + log.get() + ")");
                        return 1;
                    }
                    continue;
                }
                if (component == null) {
                    System.out.println("==> " + name + " (" + log.get() + ") <==");
                }
                List<String> text = Files.readAllLines(log.get());
                int from = lines == null ? 0 : Math.max(0, text.size() - lines);
                text.subList(from, text.size()).forEach(System.out::println);
            }
            return 0;
        }
    }
}
