package dev.doppel.cli.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.doppel.cli.GatewayClient;
import dev.doppel.cli.TestGateway;
import dev.doppel.cli.TestGateway.Response;
import dev.doppel.cli.api.Credentials;
import dev.doppel.cli.api.FineTuningApi;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobFollowerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.ofEpochSecond(1_000_000);

    private final TestGateway gateway = new TestGateway();
    private final List<String> lines = new ArrayList<>();
    private final AtomicInteger jobPolls = new AtomicInteger();
    /** The job's events, oldest first; a poll of the job may add some (its script says how many). */
    private final List<ObjectNode> events = new ArrayList<>();

    JobFollowerTest() throws Exception {
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void pollsWhenTheGatewayHasNoEventStream() throws Exception {
        scriptPolling(new int[] {0, 2, 2, 0}, "queued", "running", "running", "succeeded");
        gateway.on("GET /v1/fine_tuning/jobs/ftjob-1/events", request -> request.query().contains("stream=true")
                ? Response.error(404, "Not found", null, null) : page(request.query()));

        var follower = follower();
        var job = follower.follow("ftjob-1", null, null);

        assertEquals("succeeded", job.path("status").asText());
        assertEquals(List.of("queued", "running", "succeeded"), follower.statuses());
        assertEquals(List.of(
                "job ftjob-1 queued",
                "job ftjob-1 queued → running",
                "  step 1/3 | loss 3.0000 | eta 1m40s",
                "  step 2/3 | loss 2.0000 | eta 1m40s",
                "  [warn] step 3 took long",
                "  step 3/3 | loss 1.0000 | eta 1m40s",
                "job ftjob-1 queued → running → succeeded"), lines);
    }

    @Test
    void pollsWhenTheGatewayIgnoresStreamAndAnswersTheJsonPage() throws Exception {
        scriptPolling(new int[] {0, 4, 0}, "running", "running", "succeeded");
        gateway.on("GET /v1/fine_tuning/jobs/ftjob-1/events", request -> page(request.query()));

        follower().follow("ftjob-1", null, null);

        assertEquals(List.of("job ftjob-1 running", "  step 1/3 | loss 3.0000 | eta 1m40s",
                "  step 2/3 | loss 2.0000 | eta 1m40s", "  [warn] step 3 took long", "  step 3/3 | loss 1.0000 | eta 1m40s",
                "job ftjob-1 running → succeeded"), lines);
    }

    @Test
    void pagesBackWithAfterUntilTheLastEventSeenWhenMoreThanAPageArrivedBetweenPolls() throws Exception {
        for (int step = 1; step <= 160; step++) {
            events.add(metrics("ev-" + step, step, 160));
        }
        var shown = new AtomicInteger(10); // the first poll sees 10 events, the second all 160
        gateway.on("GET /v1/fine_tuning/jobs/ftjob-1", request -> Response.json(job(
                jobPolls.incrementAndGet() < 3 ? "running" : "succeeded").toString()));
        gateway.on("GET /v1/fine_tuning/jobs/ftjob-1/events", request -> {
            if (request.query().contains("stream=true")) {
                return Response.error(405, "Method not allowed", null, null);
            }
            var answer = page(request.query(), events.subList(0, shown.get()));
            if (jobPolls.get() >= 2) {
                shown.set(160);
            }
            return answer;
        });

        follower().follow("ftjob-1", null, null);

        List<Integer> steps = lines.stream().filter(l -> l.startsWith("  step "))
                .map(l -> Integer.parseInt(l.substring(7, l.indexOf('/')))).toList();
        assertEquals(IntStream.rangeClosed(1, 160).boxed().toList(), steps, "every step once, in order");
        assertTrue(gateway.requestLines().contains("GET /v1/fine_tuning/jobs/ftjob-1/events?limit=100&after=ev-61"),
                () -> "paged on from the oldest of the newest 100: " + gateway.requestLines());
    }

    @Test
    void followsTheEventStreamAndFetchesTheJobWhenAMessageMayMeanANewStatus() throws Exception {
        var jobStates = List.of("running", "succeeded");
        gateway.on("GET /v1/fine_tuning/jobs/ftjob-1", request -> Response.json(
                job(jobStates.get(Math.min(jobPolls.getAndIncrement(), 1))).toString()));
        gateway.on("GET /v1/fine_tuning/jobs/ftjob-1/events", request -> Response.sse(List.of(
                metrics("ev-1", 1, 2).toString(),
                metrics("ev-2", 2, 2).toString(),
                metrics("ev-2", 2, 2).toString(), // a repeat (e.g. history replayed) is shown once
                event("ev-3", "info", "message", "The job has successfully completed").toString())));

        var job = follower().follow("ftjob-1", null, null);

        assertEquals("succeeded", job.path("status").asText());
        assertEquals(List.of("job ftjob-1 running", "  step 1/2 | loss 3.0000 | eta 1m40s",
                "  step 2/2 | loss 2.0000 | eta 1m40s", "job ftjob-1 running → succeeded"), lines);
        assertEquals(List.of("GET /v1/fine_tuning/jobs/ftjob-1/events?stream=true", "GET /v1/fine_tuning/jobs/ftjob-1",
                "GET /v1/fine_tuning/jobs/ftjob-1"), gateway.requestLines(), "no polling while the stream runs");
    }

    @Test
    void aCancelledJobThrowsWithTheStatusesSeen() throws Exception {
        scriptPolling(new int[] {0, 0}, "running", "cancelled");
        gateway.on("GET /v1/fine_tuning/jobs/ftjob-1/events", request -> page(request.query()));

        var failure = assertThrows(JobNotSucceededException.class, () -> follower().follow("ftjob-1", null, null));

        assertEquals("fine-tuning job ftjob-1 cancelled (statuses seen: running → cancelled)", failure.getMessage());
    }

    @Test
    void anUnknownJobIsTheGatewaysNotFoundNotAFallbackLoop() throws Exception {
        gateway.on("GET /v1/fine_tuning/jobs/ftjob-x", request -> Response.error(404, "No such job: ftjob-x", "id", "not_found"));

        var failure = assertThrows(GatewayClient.ApiError.class, () -> follower().follow("ftjob-x", null, null));

        assertEquals("No such job: ftjob-x (param: id, code: not_found)", failure.describe());
    }

    private JobFollower follower() {
        var client = new GatewayClient(gateway.uri(), Credentials.apiKey("sk-doppel-test"));
        var pacing = new JobFollower.Pacing(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(2), d -> { },
                InstantSource.fixed(NOW));
        return new JobFollower(new FineTuningApi(client), new PlainFollowView(lines::add, InstantSource.fixed(NOW)), pacing);
    }

    /**
     * The job shows {@code statuses[i]} at its i-th poll, which also adds {@code newEvents[i]} events from a fixed
     * history: metrics at steps 1 and 2, a warning, metrics at step 3.
     */
    private void scriptPolling(int[] newEvents, String... statuses) {
        List<ObjectNode> history = List.of(metrics("ev-1", 1, 3), metrics("ev-2", 2, 3),
                event("ev-3", "warn", "message", "step 3 took long"), metrics("ev-4", 3, 3));
        var added = new AtomicInteger();
        gateway.on("GET /v1/fine_tuning/jobs/ftjob-1", request -> {
            int poll = Math.min(jobPolls.getAndIncrement(), statuses.length - 1);
            for (int i = 0; i < newEvents[poll]; i++) {
                events.add(history.get(added.getAndIncrement()));
            }
            return Response.json(job(statuses[poll]).toString());
        });
    }

    private Response page(String query) {
        return page(query, events);
    }

    /** The gateway's paging: newest first, {@code after} an id continues with older ones. */
    private static Response page(String query, List<ObjectNode> oldestFirst) {
        List<ObjectNode> newestFirst = new ArrayList<>(oldestFirst).reversed();
        int limit = 20;
        String after = null;
        for (String parameter : query.split("&")) {
            String[] pair = parameter.split("=", 2);
            if (pair[0].equals("limit")) {
                limit = Integer.parseInt(pair[1]);
            } else if (pair[0].equals("after")) {
                after = pair[1];
            }
        }
        int start = 0;
        if (after != null) {
            for (int i = 0; i < newestFirst.size(); i++) {
                if (newestFirst.get(i).path("id").asText().equals(after)) {
                    start = i + 1;
                }
            }
        }
        int end = Math.min(newestFirst.size(), start + limit);
        ObjectNode list = JSON.createObjectNode().put("object", "list").put("has_more", end < newestFirst.size());
        ArrayNode data = list.putArray("data");
        newestFirst.subList(start, end).forEach(data::add);
        return Response.json(list.toString());
    }

    private static ObjectNode job(String status) {
        return JSON.createObjectNode().put("id", "ftjob-1").put("object", "fine_tuning.job").put("status", status)
                .put("estimated_finish", NOW.getEpochSecond() + 100);
    }

    private static ObjectNode event(String id, String level, String type, String message) {
        return JSON.createObjectNode().put("id", id).put("object", "fine_tuning.job.event").put("level", level)
                .put("type", type).put("message", message);
    }

    private static ObjectNode metrics(String id, int step, int total) {
        ObjectNode event = event(id, "info", "metrics", "Step " + step + "/" + total);
        event.putObject("data").put("step", step).put("total_steps", total).put("train_loss", 4.0 - step);
        return event;
    }
}
