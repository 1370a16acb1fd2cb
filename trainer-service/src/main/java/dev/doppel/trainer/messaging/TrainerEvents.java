package dev.doppel.trainer.messaging;

import dev.doppel.events.CheckpointSaved;
import dev.doppel.events.JobFinished;
import dev.doppel.events.JobProgressed;
import dev.doppel.platform.EventMessages;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * The trainer's outgoing events, each keyed by the id of what it concerns. The returned {@code Uni}
 * completes when Kafka acknowledged the record; the training thread waits for it so a job's events
 * reach the topic in the order they were emitted.
 */
@ApplicationScoped
public class TrainerEvents {
    public static final String JOB_PROGRESSED = "job-progressed";
    public static final String CHECKPOINT_SAVED = "checkpoint-saved";
    public static final String JOB_FINISHED = "job-finished";

    private final MutinyEmitter<JobProgressed> progressed;
    private final MutinyEmitter<CheckpointSaved> checkpoints;
    private final MutinyEmitter<JobFinished> finished;

    public TrainerEvents(@Channel(JOB_PROGRESSED) MutinyEmitter<JobProgressed> progressed,
                         @Channel(CHECKPOINT_SAVED) MutinyEmitter<CheckpointSaved> checkpoints,
                         @Channel(JOB_FINISHED) MutinyEmitter<JobFinished> finished) {
        this.progressed = progressed;
        this.checkpoints = checkpoints;
        this.finished = finished;
    }

    public Uni<Void> progressed(JobProgressed event) {
        return progressed.sendMessage(EventMessages.keyed(event));
    }

    public Uni<Void> checkpointSaved(CheckpointSaved event) {
        return checkpoints.sendMessage(EventMessages.keyed(event));
    }

    public Uni<Void> finished(JobFinished event) {
        return finished.sendMessage(EventMessages.keyed(event));
    }
}
