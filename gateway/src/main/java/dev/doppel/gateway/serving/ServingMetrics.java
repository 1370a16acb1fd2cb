package dev.doppel.gateway.serving;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Serving's meters, tagged by endpoint ({@code chat}, {@code completions}) and {@code stream}:
 * {@code doppel.chat.time_to_first_token} (request arrival, queueing included, to the first text the client
 * can see), {@code doppel.chat.generation} (one whole generation on a worker) and
 * {@code doppel.chat.tokens_generated}; plus the queue depth.
 */
@ApplicationScoped
public class ServingMetrics {
    private final MeterRegistry registry;

    ServingMetrics(MeterRegistry registry, GenerationQueue queue) {
        this.registry = registry;
        Gauge.builder("doppel.serving.queued", queue, GenerationQueue::queued)
                .description("Generations waiting for a serving worker")
                .strongReference(true) // Micrometer holds gauge objects weakly; this one must live as long as the app
                .register(registry);
    }

    void timeToFirstToken(Endpoint endpoint, boolean stream, long nanos) {
        Timer.builder("doppel.chat.time_to_first_token")
                .description("From the request's arrival to the first text of the reply, queueing included")
                .tags("endpoint", endpoint.tag(), "stream", Boolean.toString(stream))
                .publishPercentiles(0.5, 0.9, 0.99)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry)
                .record(Duration.ofNanos(nanos));
    }

    void generation(Endpoint endpoint, boolean stream, long nanos) {
        Timer.builder("doppel.chat.generation").description("Time a worker spends on one request's generation")
                .tags("endpoint", endpoint.tag(), "stream", Boolean.toString(stream))
                .register(registry)
                .record(Duration.ofNanos(nanos));
    }

    void tokensGenerated(Endpoint endpoint, int tokens) {
        Counter.builder("doppel.chat.tokens_generated").description("Completion tokens generated, all choices")
                .tags("endpoint", endpoint.tag())
                .register(registry)
                .increment(tokens);
    }
}
