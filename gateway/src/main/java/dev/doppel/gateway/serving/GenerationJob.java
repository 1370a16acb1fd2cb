package dev.doppel.gateway.serving;

import dev.doppel.lm.Generator;
import dev.doppel.lm.TextStream;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.jboss.logging.Logger;

/**
 * One request's generation on a serving worker: takes the model from the cache (loading it if it was evicted
 * since the request was prepared), streams each final piece of text as it is decoded and ends with every
 * choice. Stops between two tokens once its subscriber has gone, so an abandoned request frees its worker.
 */
final class GenerationJob implements Runnable, TextStream {
    private static final Logger LOG = Logger.getLogger(GenerationJob.class);

    private final PreparedGeneration request;
    private final ModelCache models;
    private final ServingMetrics metrics;
    private final MultiEmitter<? super GenerationEvent> emitter;
    private volatile boolean cancelled;
    private boolean sawText;

    GenerationJob(PreparedGeneration request, ModelCache models, ServingMetrics metrics,
            MultiEmitter<? super GenerationEvent> emitter) {
        this.request = request;
        this.models = models;
        this.metrics = metrics;
        this.emitter = emitter;
    }

    void cancel() {
        cancelled = true;
    }

    @Override
    public void run() {
        if (cancelled()) {
            return;
        }
        long start = System.nanoTime();
        try (var lease = models.acquire(request.artifactKey())) {
            ServedModel model = lease.value();
            emitter.emit(new GenerationEvent.Started());
            List<Generator.Generation> choices = Generator.generate(model.decoder(), model.tokenizer(),
                    request.prompt(), request.options(), this);
            var finished = new GenerationEvent.Finished(choices, request.prompt().length);
            if (!sawText) {
                firstText(); // an empty reply: its first (and only) output is the end
            }
            metrics.generation(request.endpoint(), request.stream(), System.nanoTime() - start);
            metrics.tokensGenerated(request.endpoint(), finished.completionTokens());
            emitter.emit(finished);
            emitter.complete();
        } catch (CancellationException e) {
            LOG.debugf("generation for %s stopped: the client went away", request.model());
        } catch (Exception | Error e) {
            LOG.errorf(e, "generation for %s failed", request.model());
            emitter.fail(e);
        }
    }

    @Override
    public void onText(int choice, String delta) {
        if (!sawText) {
            firstText();
        }
        emitter.emit(new GenerationEvent.Delta(choice, delta));
    }

    @Override
    public boolean cancelled() {
        return cancelled || emitter.isCancelled();
    }

    private void firstText() {
        sawText = true;
        metrics.timeToFirstToken(request.endpoint(), request.stream(), System.nanoTime() - request.arrivedNanos());
    }
}
