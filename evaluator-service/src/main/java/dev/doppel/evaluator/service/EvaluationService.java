package dev.doppel.evaluator.service;

import dev.doppel.artifacts.ArtifactStore;
import dev.doppel.evaluator.messaging.EvaluatorEvents;
import dev.doppel.evaluator.persistence.Evaluation;
import dev.doppel.events.CheckpointSaved;
import dev.doppel.events.EvaluationCompleted;
import dev.doppel.events.Ids;
import dev.doppel.platform.IdempotencyGuard;
import dev.doppel.platform.Text;
import dev.doppel.platform.WorkerTransactions;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/** Scores checkpoints, records the scores, announces them; and reads evaluations back. */
@ApplicationScoped
public class EvaluationService {
    static final String CONSUMER = "evaluator-service.checkpoint-saved";
    private static final Logger LOG = Logger.getLogger(EvaluationService.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final IdempotencyGuard guard;
    private final EvaluatorEvents events;
    private final EvaluationWorkers workers;
    private final CheckpointScorer scorer;
    private final MeterRegistry registry;

    public EvaluationService(IdempotencyGuard guard, EvaluatorEvents events, EvaluationWorkers workers,
                             ArtifactStore store, MeterRegistry registry) {
        this.guard = guard;
        this.events = events;
        this.workers = workers;
        this.scorer = new CheckpointScorer(store);
        this.registry = registry;
    }

    /**
     * Scores the checkpoint on a worker and records the result once per event. Scoring happens before
     * the idempotency check commits: a redelivery costs a second (deterministic) scoring that is then
     * discarded, which is cheaper than holding a transaction open while DJL runs.
     *
     * @throws IllegalArgumentException (as a failed Uni) for an event without the ids it needs
     */
    public Uni<Void> evaluate(CheckpointSaved event) {
        return Uni.createFrom().item(() -> {
                    requireIds(event);
                    evaluateBlocking(event);
                    return (Void) null;
                })
                .runSubscriptionOn(workers);
    }

    private void evaluateBlocking(CheckpointSaved event) {
        long start = System.nanoTime();
        CheckpointScorer.Score score = scorer.score(event.artifactKey(), event.validationKey(), event.testKey());
        Evaluation saved = WorkerTransactions.inTransaction(() -> guard.once(CONSUMER, event, () -> toEntity(event, score).persist(), null));
        if (saved == null) {
            return;
        }
        registry.counter("doppel.evaluator.evaluations", "status", saved.status).increment();
        if (!score.succeeded()) {
            LOG.warnf("Checkpoint %s of job %s could not be evaluated (%s): %s", event.checkpointId(), event.jobId(),
                    score.errorCode(), score.errorMessage());
            return;
        }
        events.evaluationCompleted(toEvent(saved)).await().atMost(SEND_TIMEOUT);
        LOG.infof("Checkpoint %s scored on %d %s examples in %d ms: loss %.4f, perplexity %.2f, token accuracy %.3f",
                saved.checkpointId, saved.examples, saved.split, (System.nanoTime() - start) / 1_000_000, saved.loss,
                saved.perplexity, saved.tokenAccuracy);
    }

    public Uni<Evaluation> find(String id) {
        return Panache.withSession(() -> Evaluation.findById(id));
    }

    /** Evaluations of a checkpoint or of a job (either filter may be null, not both), oldest first. */
    public Uni<List<Evaluation>> list(String checkpointId, String jobId) {
        if (checkpointId != null) {
            return Panache.withSession(() -> Evaluation.list("checkpointId = ?1 order by createdAt, id", checkpointId));
        }
        return Panache.withSession(() -> Evaluation.list("jobId = ?1 order by createdAt, id", jobId));
    }

    private static Evaluation toEntity(CheckpointSaved event, CheckpointScorer.Score score) {
        var evaluation = new Evaluation();
        evaluation.id = Ids.newId("eval");
        evaluation.tenantId = event.tenantId();
        evaluation.jobId = event.jobId();
        evaluation.checkpointId = event.checkpointId();
        evaluation.fineTunedModel = event.fineTunedModel();
        evaluation.artifactKey = event.artifactKey();
        evaluation.split = score.split();
        evaluation.createdAt = Instant.now();
        if (score.succeeded()) {
            evaluation.status = Evaluation.SUCCEEDED;
            evaluation.examples = score.result().examples();
            evaluation.tokens = score.result().tokens();
            evaluation.loss = score.result().loss();
            evaluation.perplexity = score.result().perplexity();
            evaluation.tokenAccuracy = score.result().tokenAccuracy();
        } else {
            evaluation.status = Evaluation.FAILED;
            evaluation.errorCode = score.errorCode();
            evaluation.errorMessage = Text.truncate(score.errorMessage(), 2000);
        }
        return evaluation;
    }

    private static EvaluationCompleted toEvent(Evaluation e) {
        return new EvaluationCompleted(Ids.eventId(), e.tenantId, Instant.now(), e.id, e.checkpointId, e.jobId,
                e.fineTunedModel, e.artifactKey, e.split, e.examples, e.tokens, e.loss, e.perplexity);
    }

    private static void requireIds(CheckpointSaved event) {
        if (isBlank(event.tenantId()) || isBlank(event.checkpointId()) || isBlank(event.artifactKey())) {
            throw new IllegalArgumentException("CheckpointSaved event " + event.eventId()
                    + " lacks tenantId, checkpointId or artifactKey");
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
