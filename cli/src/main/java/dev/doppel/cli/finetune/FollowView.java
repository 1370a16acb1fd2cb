package dev.doppel.cli.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** How {@link JobFollower} shows a job: plain lines, a progress bar, or JSON. */
public interface FollowView {

    /** A status seen for the first time; {@code statuses} are all seen so far, oldest first. */
    void status(String jobId, List<String> statuses);

    /** Once, when the trainer has resolved "auto" into numbers. */
    void hyperparameters(JsonNode hyperparameters);

    /** Every fresh copy of the job object (its {@code estimated_finish} moves). */
    void job(JsonNode job);

    /** Every event not shown before, oldest first. */
    void event(JsonNode event);

    /** A metrics event's {@code data} with a step later than any before; {@code job} is the latest job seen. */
    void progress(JsonNode metrics, JsonNode job);

    /** The job reached a final status. */
    void finished(JsonNode job);
}
