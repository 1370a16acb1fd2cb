package dev.doppel.cli.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doppel.cli.ApiCommand;
import dev.doppel.cli.api.FineTuningApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/doppel ft follow ID}: the job live until it ends — a progress bar on a terminal, a line per status and
 * step otherwise. Exit status 0 when it succeeded; 1 with the job's error when it failed or was cancelled.
 */
@Command(name = "follow", mixinStandardHelpOptions = true,
        description = "Follows a job until it ends (progress bar on a terminal); exit 0 only when it succeeded.")
final class FollowCommand extends ApiCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--plain", description = "One line per status and step even on a terminal.")
    boolean plain;

    @Override
    public Integer call() throws Exception {
        FollowView view = FineTuningCommand.view(this, api.json, !plain && FineTuningCommand.terminal());
        var follower = new JobFollower(new FineTuningApi(api.client()), view, FineTuningCommand.followPacing());
        try {
            JsonNode job = follower.follow(id, null, null);
            if (!api.json) {
                println("job " + id + " succeeded: model " + text(job.path("fine_tuned_model")) + " ("
                        + String.format("%,d", job.path("trained_tokens").asLong()) + " tokens trained)");
            }
            return 0;
        } catch (JobNotSucceededException e) {
            err().println("doppel ft follow: " + e.getMessage());
            err().flush();
            return 1;
        }
    }
}
