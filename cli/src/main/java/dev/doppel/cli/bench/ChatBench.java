package dev.doppel.cli.bench;

import dev.doppel.cli.CliErrors;
import dev.doppel.cli.GatewayClient;
import dev.doppel.cli.api.ChatApi;
import dev.doppel.cli.api.ChatRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/** Streams chats and times them: time to the first content delta, tokens, and the end of the stream. */
final class ChatBench {
    static final String PROMPT = "are you coming tonight?";
    /** Most 429s one stream waits out before it counts as failed. */
    private static final int MAX_RATE_LIMITED_RETRIES = 10;

    private final ChatApi chat;
    private final String model;
    private final int maxTokens;
    private final LongSupplier nanoTime;
    private final AtomicInteger rateLimitedRetries = new AtomicInteger();

    ChatBench(ChatApi chat, String model, int maxTokens, LongSupplier nanoTime) {
        this.chat = chat;
        this.model = model;
        this.maxTokens = maxTokens;
        this.nanoTime = nanoTime;
    }

    /** How many times a stream was refused with 429 and sent again after its {@code Retry-After}. */
    int rateLimitedRetries() {
        return rateLimitedRetries.get();
    }

    /**
     * One streamed chat; a failure is a sample with its error, so that the run goes on and counts it. A 429 is
     * waited out as OpenAI's clients do (its {@code Retry-After}, else 1 s), and the wait counts toward the time to
     * first token, since the user waits through it too.
     */
    StreamSample stream(int index) {
        long sent = nanoTime.getAsLong();
        for (int attempt = 0; ; attempt++) {
            try {
                return attempt(index, sent);
            } catch (GatewayClient.ApiError refused) { // only 429s leave attempt()
                if (attempt == MAX_RATE_LIMITED_RETRIES) {
                    return StreamSample.failed(sent, nanoTime.getAsLong(), CliErrors.describe(refused));
                }
                rateLimitedRetries.incrementAndGet();
                try {
                    Thread.sleep(Math.max(1, refused.retryAfterSeconds()) * 1000L);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return StreamSample.failed(sent, nanoTime.getAsLong(), "interrupted");
                }
            }
        }
    }

    /** @throws GatewayClient.ApiError for a 429 only; every other failure is a failed sample */
    private StreamSample attempt(int index, long sent) throws GatewayClient.ApiError {
        // A seed per request: the replies differ as different users' would, yet a rerun asks the same things.
        var request = new ChatRequest(model, List.of(ChatRequest.message("user", PROMPT)), 0.8, maxTokens, 1000L + index);
        long[] firstToken = {-1};
        try {
            ChatApi.StreamedReply reply = chat.stream(request, chunk -> {
                if (firstToken[0] < 0 && !ChatApi.deltaContent(chunk).isEmpty()) {
                    firstToken[0] = nanoTime.getAsLong();
                }
            });
            long end = nanoTime.getAsLong();
            return new StreamSample(sent, firstToken[0], end, tokens(reply), null);
        } catch (GatewayClient.ApiError e) {
            if (e.status() == 429) {
                throw e;
            }
            return StreamSample.failed(sent, nanoTime.getAsLong(), CliErrors.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StreamSample.failed(sent, nanoTime.getAsLong(), "interrupted");
        } catch (Exception e) {
            return StreamSample.failed(sent, nanoTime.getAsLong(), CliErrors.describe(e));
        }
    }

    /** {@code requests} streams, {@code concurrency} at a time; returns them and the phase's wall time. */
    Phase concurrent(int concurrency, int requests) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            long start = nanoTime.getAsLong();
            List<Future<StreamSample>> futures = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                int index = i;
                futures.add(pool.submit(() -> stream(index)));
            }
            List<StreamSample> samples = new ArrayList<>();
            for (Future<StreamSample> future : futures) {
                try {
                    samples.add(future.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a benchmark stream crashed", e.getCause());
                }
            }
            return new Phase(samples, nanoTime.getAsLong() - start);
        } finally {
            pool.shutdownNow();
        }
    }

    record Phase(List<StreamSample> samples, long wallNanos) {
    }

    /** The gateway's own count when the stream carries usage; else one token per content chunk, as it streams them. */
    private static int tokens(ChatApi.StreamedReply reply) {
        return reply.usage() != null && reply.usage().path("completion_tokens").isInt()
                ? reply.usage().get("completion_tokens").asInt() : reply.contentChunks();
    }
}
