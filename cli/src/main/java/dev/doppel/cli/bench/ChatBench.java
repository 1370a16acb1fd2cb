package dev.doppel.cli.bench;

import dev.doppel.cli.CliErrors;
import dev.doppel.cli.api.ChatApi;
import dev.doppel.cli.api.ChatRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

/** Streams chats and times them: time to the first content delta, tokens, and the end of the stream. */
final class ChatBench {
    static final String PROMPT = "are you coming tonight?";

    private final ChatApi chat;
    private final String model;
    private final int maxTokens;
    private final LongSupplier nanoTime;

    ChatBench(ChatApi chat, String model, int maxTokens, LongSupplier nanoTime) {
        this.chat = chat;
        this.model = model;
        this.maxTokens = maxTokens;
        this.nanoTime = nanoTime;
    }

    /** One streamed chat; a failure is a sample with its error, so that the run goes on and counts it. */
    StreamSample stream(int index) {
        // A seed per request: the replies differ as different users' would, yet a rerun asks the same things.
        var request = new ChatRequest(model, List.of(ChatRequest.message("user", PROMPT)), 0.8, maxTokens, 1000L + index);
        long[] firstToken = {-1};
        long sent = nanoTime.getAsLong();
        try {
            ChatApi.StreamedReply reply = chat.stream(request, chunk -> {
                if (firstToken[0] < 0 && !ChatApi.deltaContent(chunk).isEmpty()) {
                    firstToken[0] = nanoTime.getAsLong();
                }
            });
            long end = nanoTime.getAsLong();
            return new StreamSample(sent, firstToken[0], end, tokens(reply), null);
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
