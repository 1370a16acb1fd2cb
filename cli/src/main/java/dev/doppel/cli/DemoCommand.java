package dev.doppel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doppel.cli.auth.KeycloakTokens;
import dev.doppel.cli.auth.RefreshingToken;
import dev.doppel.cli.auth.TokenSet;
import dev.doppel.cli.auth.TokenStore;
import dev.doppel.cli.basemodel.BaseModelBuild;
import dev.doppel.cli.basemodel.BaseModelRecipe;
import dev.doppel.cli.basemodel.BaseModels;
import dev.doppel.cli.basemodel.BuildReport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The README's first command: builds the base model if it is missing, starts the stack, then does the main job as
 * the demo tenant through the gateway — log in, upload a dataset, create a fine-tuning job and follow it, print the
 * evaluation, chat with the model.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Builds the base model if missing, starts the stack, fine-tunes a model on a sample dataset as tenant 'alice', and chats with it.")
public class DemoCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Option(names = "--dataset", paramLabel = "FILE",
            description = "The export to upload: any format ingest reads (default: the WhatsApp export ingest-service/samples/WhatsApp Chat with Sam Rivera.txt).")
    Path dataset;

    @Option(names = "--me", paramLabel = "ALIAS", defaultValue = "Alex Doe",
            description = "Who you are in the export (default: ${DEFAULT-VALUE}, the sample's owner).")
    List<String> me;

    @Option(names = "--user", defaultValue = "alice", description = "Keycloak user to log in as (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--password", defaultValue = "alice-password", description = "Password (default: the dev realm's).")
    String password;

    @Option(names = "--message", defaultValue = "are you coming tonight?", description = "What to say to the model.")
    String message;

    @Option(names = "--base-model", paramLabel = "NAME", defaultValue = BaseModels.DEFAULT,
            description = "The base model to fine-tune from; built first (bin/doppel base-model build) when not installed (default: ${DEFAULT-VALUE}).")
    String baseModel;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "How long each step may take, in seconds (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        StackConfig config = options.config();
        Path file = dataset != null ? dataset : config.repoRoot().resolve(DemoFlow.SAMPLE_EXPORT);
        if (!Files.isRegularFile(file)) {
            System.err.println("demo: dataset not found: " + file);
            return 2;
        }
        ensureBaseModel(config);
        Stack stack = new Stack(config);
        stack.up(System.out::println);

        System.out.println();
        System.out.println("== Doppel demo: " + user + " fine-tunes " + baseModel + " on " + file.getFileName() + " ==");
        // The demo logs in as bin/doppel login does, so that files, ft, chat and bench chat work right after it.
        var keycloak = new KeycloakTokens(URI.create("http://localhost:" + config.port("keycloak") + "/realms/doppel"),
                GatewayOptions.httpClient());
        TokenSet tokens = keycloak.password(user, password);
        var store = new TokenStore(config.dataDir());
        store.save(tokens);
        var client = new GatewayClient(URI.create(stack.gatewayUrl()),
                new RefreshingToken(keycloak, tokens, store, InstantSource.system()));
        System.out.println("logged in as " + user + " (Keycloak token stored in " + store.file() + " for the other commands)");
        new DemoFlow(client, System.out::println, Duration.ofSeconds(timeoutSeconds), baseModel).run(file, me, message);
        System.out.println();
        System.out.println("The stack is still running: try 'bin/doppel chat --model MODEL', 'bin/doppel ft list', 'bin/doppel bench chat',"
                + " the API (see README), 'bin/doppel status', 'bin/doppel down'.");
        return 0;
    }

    /** A fresh machine has no base model: build the default recipe's before the stack starts competing for the cores. */
    private void ensureBaseModel(StackConfig config) throws IOException {
        BaseModels baseModels = new BaseModels(config.artifactsDir());
        if (baseModels.isInstalled(baseModel)) {
            JsonNode report = baseModels.report(baseModel);
            System.out.println("base model " + baseModel + ": installed in " + baseModels.directory(baseModel)
                    + (report == null ? "" : " (" + BuildReport.summary(report) + ")"));
            return;
        }
        System.out.println("== base model " + baseModel + " is not installed in " + config.artifactsDir() + ": building it first"
                + " (bin/doppel base-model build, " + BaseModelRecipe.DEFAULT_STEPS + " steps; " + BaseModelRecipe.DEFAULT_DURATION + ") ==");
        long started = System.nanoTime();
        new BaseModelBuild(config.artifactsDir(), baseModel, BaseModelRecipe.defaults())
                .commandLine("bin/doppel demo (the base model was missing)")
                .run(System.out::println);
        System.out.printf("base model %s built in %.1f minutes%n%n", baseModel, (System.nanoTime() - started) / 60e9);
    }
}
