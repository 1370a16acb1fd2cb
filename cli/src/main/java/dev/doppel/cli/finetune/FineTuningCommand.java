package dev.doppel.cli.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doppel.cli.ApiCommand;
import dev.doppel.cli.Terminal;
import dev.doppel.cli.api.FilesApi;
import dev.doppel.cli.api.FineTuningApi;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bin/doppel ft …}: OpenAI's {@code /v1/fine_tuning/jobs} against the running gateway. */
@Command(name = "ft", mixinStandardHelpOptions = true,
        description = "Creates, lists, shows, cancels and follows fine-tuning jobs; their events, checkpoints and results.",
        subcommands = {FineTuningCommand.Create.class, FineTuningCommand.ListJobs.class, FineTuningCommand.Get.class,
                FineTuningCommand.Cancel.class, FollowCommand.class, FineTuningCommand.Events.class,
                FineTuningCommand.Checkpoints.class, FineTuningCommand.Results.class})
public final class FineTuningCommand {

    /** {@code ftjob-abc  running  doppel-mail → ft:…  file-x  2026-11-22 01:07:42}. */
    static String line(JsonNode job) {
        return String.format("%-30s %-16s %s → %s  %s  %s", job.path("id").asText(), job.path("status").asText(),
                job.path("model").asText(), ApiCommand.text(job.path("fine_tuned_model")),
                job.path("training_file").asText(), ApiCommand.time(job.path("created_at")));
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a fine-tuning job.")
    static final class Create extends ApiCommand {
        @Option(names = "--training-file", required = true, paramLabel = "ID", description = "An uploaded file (file-…).")
        String trainingFile;

        @Option(names = "--validation-file", paramLabel = "ID", description = "Another uploaded file to validate on.")
        String validationFile;

        @Option(names = "--model", defaultValue = "doppel-mail",
                description = "A base model (bin/doppel base-model list) or one of your fine-tuned models (default: ${DEFAULT-VALUE}).")
        String model;

        @Option(names = "--suffix", paramLabel = "S", description = "Up to 64 characters in the model's name.")
        String suffix;

        @Option(names = "--n-epochs", paramLabel = "N|auto", description = "Epochs, 1-50, or auto.")
        String epochs;

        @Option(names = "--batch-size", paramLabel = "N|auto", description = "Batch size, 1-256, or auto.")
        String batchSize;

        @Option(names = "--learning-rate-multiplier", paramLabel = "X|auto", description = "> 0, or auto.")
        String learningRateMultiplier;

        @Option(names = "--seed", paramLabel = "N", description = "For a reproducible run.")
        Long seed;

        @Override
        public Integer call() throws Exception {
            JsonNode job = new FineTuningApi(api.client()).create(request());
            if (api.json) {
                printJson(job);
            } else {
                println("created " + job.path("id").asText() + " (" + job.path("status").asText() + "): "
                        + job.path("model").asText() + " on " + job.path("training_file").asText());
                println("follow it with: bin/doppel ft follow " + job.path("id").asText());
            }
            return 0;
        }

        Map<String, Object> request() {
            var request = new LinkedHashMap<String, Object>();
            request.put("model", model);
            request.put("training_file", trainingFile);
            putIfSet(request, "validation_file", validationFile);
            putIfSet(request, "suffix", suffix);
            putIfSet(request, "seed", seed);
            var hyperparameters = new LinkedHashMap<String, Object>();
            putIfSet(hyperparameters, "n_epochs", autoOr(epochs, "--n-epochs", false));
            putIfSet(hyperparameters, "batch_size", autoOr(batchSize, "--batch-size", false));
            putIfSet(hyperparameters, "learning_rate_multiplier", autoOr(learningRateMultiplier, "--learning-rate-multiplier", true));
            if (!hyperparameters.isEmpty()) {
                request.put("hyperparameters", hyperparameters);
            }
            return request;
        }

        /** OpenAI takes "auto" or a number; the gateway checks the ranges and names the field when one is wrong. */
        private static Object autoOr(String value, String option, boolean decimal) {
            if (value == null || value.equalsIgnoreCase("auto")) {
                return value == null ? null : "auto";
            }
            try {
                return decimal ? (Object) Double.valueOf(value) : (Object) Long.valueOf(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " takes auto or a" + (decimal ? " number" : "n integer") + ", not '" + value + "'");
            }
        }

        private static void putIfSet(Map<String, Object> map, String key, Object value) {
            if (value != null) {
                map.put(key, value);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists your jobs, newest first.")
    static final class ListJobs extends ApiCommand {
        @Option(names = "--limit", defaultValue = "20", description = "At most this many (1-100, default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() throws Exception {
            printList(new FineTuningApi(api.client()).list(limit),
                    "no fine-tuning jobs; create one with bin/doppel ft create --training-file ID", FineTuningCommand::line);
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows one job.")
    static final class Get extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws Exception {
            JsonNode job = new FineTuningApi(api.client()).get(id);
            if (api.json) {
                printJson(job);
                return 0;
            }
            println(line(job));
            var hyperparameters = new ArrayList<String>();
            job.path("hyperparameters").properties().forEach(h -> hyperparameters.add(h.getKey() + " " + h.getValue().asText()));
            println("  hyperparameters: " + String.join(", ", hyperparameters) + "; seed " + text(job.path("seed")));
            println("  trained tokens: " + text(job.path("trained_tokens")) + "; estimated finish: "
                    + time(job.path("estimated_finish")) + "; finished: " + time(job.path("finished_at")));
            if (!job.path("result_files").isEmpty()) {
                println("  result files: " + job.path("result_files").toString());
            }
            if (job.path("error").isObject()) {
                println("  error: " + job.path("error").path("message").asText() + " (code: "
                        + job.path("error").path("code").asText() + ")");
            }
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancels a job that has not finished.")
    static final class Cancel extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws Exception {
            printObject(new FineTuningApi(api.client()).cancel(id), FineTuningCommand::line);
            return 0;
        }
    }

    @Command(name = "events", mixinStandardHelpOptions = true, description = "Prints a job's events, oldest first.")
    static final class Events extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--limit", defaultValue = "100", description = "The newest this many (1-100, default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() throws Exception {
            JsonNode list = new FineTuningApi(api.client()).events(id, null, limit);
            if (api.json) {
                printJson(list);
                return 0;
            }
            List<JsonNode> events = new ArrayList<>();
            list.path("data").forEach(events::add);
            for (JsonNode event : events.reversed()) {
                println(String.format("%s %-5s %s", time(event.path("created_at")), event.path("level").asText(),
                        event.path("message").asText()));
            }
            return 0;
        }
    }

    @Command(name = "checkpoints", mixinStandardHelpOptions = true, description = "Lists a job's kept checkpoints, newest first.")
    static final class Checkpoints extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws Exception {
            JsonNode list = new FineTuningApi(api.client()).checkpoints(id);
            if (api.json) {
                printJson(list);
                return 0;
            }
            for (JsonNode checkpoint : list.path("data")) {
                JsonNode metrics = checkpoint.path("metrics");
                println(String.format(Locale.ROOT, "step %6d  %s  train loss %s  valid loss %s",
                        checkpoint.path("step_number").asInt(), checkpoint.path("fine_tuned_model_checkpoint").asText(),
                        text(metrics.path("train_loss")), text(metrics.path("valid_loss"))));
            }
            return 0;
        }
    }

    @Command(name = "results", mixinStandardHelpOptions = true,
            description = "Downloads a finished job's result file (step metrics CSV) and summarizes it.")
    static final class Results extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--rows", defaultValue = "12", description = "Table rows, spread over the run (default ${DEFAULT-VALUE}).")
        int rows;

        @Override
        public Integer call() throws Exception {
            var client = api.client();
            JsonNode job = new FineTuningApi(client).get(id);
            JsonNode resultFiles = job.path("result_files");
            if (resultFiles.isEmpty()) {
                err().println("doppel ft results: job " + id + " is " + job.path("status").asText()
                        + " and has no result file yet (it comes when the job finishes)");
                return 1;
            }
            String fileId = resultFiles.get(resultFiles.size() - 1).asText();
            var files = new FilesApi(client);
            String csv = new String(files.content(fileId), StandardCharsets.UTF_8);
            ResultsSummary summary = ResultsSummary.parse(csv);
            if (api.json) {
                var json = summary.toJson();
                json.set("file", files.get(fileId));
                printJson(json);
            } else {
                println("results of " + id + " (" + job.path("status").asText() + ", " + fileId + "):");
                summary.lines(rows).forEach(this::println);
            }
            return 0;
        }
    }

    private FineTuningCommand() {
    }

    /** Pacing of {@code ft follow} when it polls: gentler than the demo's, it may run for hours. */
    static JobFollower.Pacing followPacing() {
        return JobFollower.Pacing.of(Duration.ofMillis(500), Duration.ofSeconds(2));
    }

    static FollowView view(ApiCommand command, boolean json, boolean terminal) {
        return json ? new JsonFollowView(command.printer())
                : terminal ? new ProgressBarView(command.writer(), InstantSource.system())
                : new PlainFollowView(command.printer(), InstantSource.system());
    }

    static boolean terminal() {
        return Terminal.isInteractive();
    }
}
