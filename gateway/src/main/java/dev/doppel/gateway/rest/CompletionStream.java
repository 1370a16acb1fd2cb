package dev.doppel.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.gateway.serving.GenerationEvent;
import io.smallrye.mutiny.Multi;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The bytes of a chat or completions response, streamed or not. Both go out as a RESTEasy Reactive streaming
 * (non-SSE) {@code Multi<String>}: its status and headers are written with the first item, so any failure before
 * that (queue full, a failed load) still reaches the exception mappers as a JSON error with its status, which
 * Quarkus's SSE mode cannot do (it commits 200 before the first event). Items are written as they are, so each
 * event carries its own framing, OpenAI's {@code data: ...\n\n}.
 */
final class CompletionStream {
    private static final Logger LOG = Logger.getLogger(CompletionStream.class);
    static final String DONE = "data: [DONE]\n\n";

    private final ObjectMapper json;

    CompletionStream(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The response body for a generation's events: one JSON object once it finished, or, when {@code streamed},
     * each event's chunks as server-sent events ending with {@code data: [DONE]}.
     */
    <C> Multi<String> body(Multi<GenerationEvent> events, boolean streamed, Function<GenerationEvent.Finished, ?> whole,
            Function<GenerationEvent, ? extends Iterable<C>> chunks) {
        if (!streamed) {
            return events.filter(GenerationEvent.Finished.class::isInstance)
                    .map(finished -> write(whole.apply((GenerationEvent.Finished) finished)));
        }
        return withErrorEvent(events.onItem().<C>transformToIterable(chunks::apply).map(this::event)
                .onCompletion().continueWith(DONE));
    }

    /** One server-sent event holding {@code chunk} as JSON. */
    String event(Object chunk) {
        return "data: " + write(chunk) + "\n\n";
    }

    String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, List<String>> headers(boolean stream) {
        return stream
                ? Map.of("Content-Type", List.of("text/event-stream; charset=utf-8"),
                        "Cache-Control", List.of("no-cache"),
                        "X-Accel-Buffering", List.of("no")) // tells nginx-style proxies not to buffer the stream
                : Map.of("Content-Type", List.of("application/json"));
    }

    /**
     * Fails before the first event as an ordinary error response; after it, the status is already sent, so the
     * failure becomes an OpenAI error event that clients raise, and the stream ends.
     */
    Multi<String> withErrorEvent(Multi<String> events) {
        AtomicBoolean started = new AtomicBoolean();
        return events.onItem().invoke(ignored -> started.set(true))
                .onFailure(e -> started.get()).recoverWithItem(e -> {
                    LOG.error("a streamed generation failed after its first event", e);
                    return event(ErrorBody.of("The server had an error while generating the reply.", "server_error",
                            null, null));
                });
    }
}
