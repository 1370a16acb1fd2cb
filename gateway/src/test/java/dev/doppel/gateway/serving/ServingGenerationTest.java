package dev.doppel.gateway.serving;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.artifacts.FileSystemArtifactStore;
import dev.doppel.lm.ByteTokenizer;
import dev.doppel.lm.ChatTemplate;
import dev.doppel.lm.GenerationOptions;
import dev.doppel.lm.GptConfig;
import dev.doppel.lm.LanguageModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.mutiny.subscription.MultiSubscriber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GenerationService#run} with a real tiny checkpoint on one serving worker: a subscriber that goes away
 * stops its generation between two tokens, and a full queue refuses with 429 before anything is generated.
 */
class ServingGenerationTest {
    private SimpleMeterRegistry registry;
    private GenerationQueue queue;
    private GenerationService service;
    private Path artifacts;

    @BeforeEach
    void start() throws Exception {
        artifacts = Files.createTempDirectory("artifacts");
        Path dir = Files.createTempDirectory("ckpt");
        var tokenizer = new ByteTokenizer();
        try (var model = LanguageModel.create(GptConfig.tiny(tokenizer.vocabSize()), tokenizer, 1)) {
            model.save(dir);
        }
        new FileSystemArtifactStore(artifacts).putDirectory("ckpt", dir);
        ServingConfig config = oneWorker();
        registry = new SimpleMeterRegistry();
        queue = new GenerationQueue(config);
        service = new GenerationService(new ModelCache(new FileSystemArtifactStore(artifacts), config), queue,
                new ServingMetrics(registry, queue), config);
    }

    @AfterEach
    void stop() {
        queue.stop(null);
    }

    /**
     * The cancel happens inside the first text event, on the worker's own thread, so the test does not depend on
     * timing: had the job not noticed, it would have run to max tokens and counted them.
     */
    @Test
    void aCancelledSubscriptionStopsTheGenerationAndCountsNoTokens() {
        List<GenerationEvent> seen = new CopyOnWriteArrayList<>();
        service.run(request(100)).subscribe().withSubscriber(new MultiSubscriber<GenerationEvent>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onItem(GenerationEvent event) {
                seen.add(event);
                if (event instanceof GenerationEvent.Delta) {
                    subscription.cancel(); // the client went away after its first text
                }
            }

            @Override
            public void onFailure(Throwable failure) {
                seen.add(new GenerationEvent.Delta(-1, failure.toString()));
            }

            @Override
            public void onCompletion() {
            }
        });
        // The only worker runs jobs one after another: once the next one is done, the cancelled one has ended.
        AtomicBoolean next = new AtomicBoolean();
        service.run(request(1)).subscribe().with(event -> {
            if (event instanceof GenerationEvent.Finished) {
                next.set(true);
            }
        });
        await().untilTrue(next);
        assertTrue(seen.getFirst() instanceof GenerationEvent.Started, seen.toString());
        assertTrue(seen.get(1) instanceof GenerationEvent.Delta, seen.toString());
        assertFalse(seen.stream().anyMatch(GenerationEvent.Finished.class::isInstance), seen.toString());
        // Only the second request's token (at most one) was generated to the end and counted.
        double counted = registry.get("doppel.chat.tokens_generated").counter().count();
        assertTrue(counted <= 1, "tokens counted: " + counted);
        assertEquals(1, registry.get("doppel.chat.generation").timer().count());
    }

    @Test
    void aFullQueueFailsTheRequestWith429BeforeItStarts() throws Exception {
        var release = new java.util.concurrent.CountDownLatch(1);
        var running = new java.util.concurrent.CountDownLatch(1);
        queue.submit("other", () -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        running.await(); // the worker is busy; what follows waits
        for (int i = 0; i < 8; i++) {
            queue.submit("other-" + i, () -> { });
        }
        try {
            Throwable failure = service.run(request(4)).collect().asList()
                    .onItemOrFailure().transform((items, error) -> error).await().indefinitely();
            ServerBusyException busy = (ServerBusyException) failure;
            assertEquals(429, busy.status());
            assertEquals("rate_limit_exceeded", busy.type());
            assertEquals(1, busy.retryAfterSeconds());
        } finally {
            release.countDown();
        }
    }

    private PreparedGeneration request(int maxTokens) {
        int[] prompt = new ChatTemplate(new ByteTokenizer()).prompt("hi");
        // temperature 1: random bytes, so the first text arrives within a few tokens and the reply rarely ends early
        return new PreparedGeneration("tenant-a", "m", "ckpt", prompt,
                GenerationOptions.sampling(maxTokens, 1.0, 0, 9), Endpoint.CHAT, true, System.nanoTime());
    }

    private static ServingConfig oneWorker() {
        return new ServingConfig() {
            @Override
            public int maxModels() {
                return 2;
            }

            @Override
            public MemorySize cacheMaxBytes() {
                return new MemorySize(java.math.BigInteger.valueOf(1L << 30));
            }

            @Override
            public OptionalInt workers() {
                return OptionalInt.of(1);
            }

            @Override
            public int queueCapacity() {
                return 8;
            }

            @Override
            public int queuePerTenant() {
                return 8;
            }

            @Override
            public int retryAfterSeconds() {
                return 1;
            }

            @Override
            public int maxTokensLimit() {
                return 512;
            }

            @Override
            public int defaultMaxTokens() {
                return 64;
            }

            @Override
            public int maxN() {
                return 8;
            }
        };
    }
}
