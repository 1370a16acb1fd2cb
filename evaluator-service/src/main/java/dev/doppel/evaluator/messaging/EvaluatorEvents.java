package dev.doppel.evaluator.messaging;

import dev.doppel.events.EvaluationCompleted;
import dev.doppel.platform.EventMessages;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** The evaluator's outgoing events, keyed by checkpoint id; completes when Kafka acknowledged the record. */
@ApplicationScoped
public class EvaluatorEvents {
    public static final String EVALUATION_COMPLETED = "evaluation-completed";

    private final MutinyEmitter<EvaluationCompleted> completed;

    public EvaluatorEvents(@Channel(EVALUATION_COMPLETED) MutinyEmitter<EvaluationCompleted> completed) {
        this.completed = completed;
    }

    public Uni<Void> evaluationCompleted(EvaluationCompleted event) {
        return completed.sendMessage(EventMessages.keyed(event));
    }
}
