package dev.doppel.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doppel.cli.GatewayClient;
import java.io.IOException;
import java.util.Map;

/** {@code /v1/fine_tuning/jobs}: jobs, their events and checkpoints. */
public final class FineTuningApi {
    /** The gateway's largest page. */
    public static final int MAX_PAGE = 100;

    private final GatewayClient client;

    public FineTuningApi(GatewayClient client) {
        this.client = client;
    }

    /** @param request OpenAI's create request: {@code model}, {@code training_file}, {@code hyperparameters}, … */
    public JsonNode create(Map<String, Object> request) throws IOException, InterruptedException {
        return client.post("/v1/fine_tuning/jobs", request);
    }

    public JsonNode list(int limit) throws IOException, InterruptedException {
        return client.get("/v1/fine_tuning/jobs?limit=" + limit);
    }

    public JsonNode get(String id) throws IOException, InterruptedException {
        return client.get(jobPath(id));
    }

    public JsonNode cancel(String id) throws IOException, InterruptedException {
        return client.post(jobPath(id) + "/cancel", Map.of());
    }

    /**
     * A page of events, newest first.
     *
     * @param after null for the newest page; else the id of the last event of the previous page (an older one)
     */
    public JsonNode events(String id, String after, int limit) throws IOException, InterruptedException {
        return client.get(jobPath(id) + "/events?limit=" + limit + (after == null ? "" : "&after=" + Ids.query(after)));
    }

    /**
     * The job's events as server-sent events, each {@code data} an event object, as they happen. A gateway without
     * the stream answers 404, 405 or 400, or ignores {@code stream} and sends the JSON page
     * ({@link NotAnEventStreamException}).
     */
    public SseReader eventStream(String id) throws IOException, InterruptedException {
        return client.streamGet(jobPath(id) + "/events?stream=true");
    }

    public JsonNode checkpoints(String id) throws IOException, InterruptedException {
        return client.get(jobPath(id) + "/checkpoints?limit=" + MAX_PAGE);
    }

    private static String jobPath(String id) {
        return "/v1/fine_tuning/jobs/" + Ids.path(id);
    }
}
