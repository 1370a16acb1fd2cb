package dev.doppel.evaluator.messaging;

import dev.doppel.evaluator.service.EvaluationService;
import dev.doppel.events.CheckpointSaved;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Scores each saved checkpoint. The record is acknowledged once its evaluation is saved and announced
 * — also when the evaluation failed because the checkpoint or its split is unusable, since
 * redelivering it would fail the same way. Only records that cannot be handled at all (invalid JSON,
 * an event without ids, a database outage) are nacked into the DLQ.
 */
@ApplicationScoped
public class CheckpointSavedConsumer {
    public static final String CHANNEL = "checkpoint-saved";

    private final EvaluationService evaluations;

    public CheckpointSavedConsumer(EvaluationService evaluations) {
        this.evaluations = evaluations;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onCheckpointSaved(CheckpointSaved event) {
        return evaluations.evaluate(event);
    }
}
