package dev.doppel.cli.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.cli.GatewayClient;
import dev.doppel.cli.api.FineTuningApi;
import dev.doppel.cli.api.NotAnEventStreamException;
import dev.doppel.cli.api.SseEvent;
import dev.doppel.cli.api.SseReader;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Follows a fine-tuning job to its end and shows it through a {@link FollowView}. It prefers the gateway's event
 * stream ({@code GET …/events?stream=true}) and falls back to polling the job and its newest events when the
 * gateway has no stream (404, 405, 400, or a JSON page instead of {@code text/event-stream}) or the stream ends
 * before the job does. Returns the succeeded job; a failed or cancelled one throws {@link JobNotSucceededException}.
 */
public final class JobFollower {
    static final Set<String> FINAL_STATUSES = Set.of("succeeded", "failed", "cancelled");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Newer events than the last poll's are read page by page; a job has no more than this many between polls. */
    private static final int MAX_PAGES_PER_POLL = 50;

    /**
     * @param whileStarting between polls until the job runs: queued can be shorter than a running poll when the
     *                      trainer is idle, and the demo wants to see it
     * @param jobRefresh    how stale the job (status, ETA) may get while metrics events stream in
     */
    public record Pacing(Duration whileStarting, Duration whileRunning, Duration jobRefresh, Sleeper sleeper,
                         InstantSource clock) {
        public static Pacing of(Duration whileStarting, Duration whileRunning) {
            return new Pacing(whileStarting, whileRunning, Duration.ofSeconds(2), d -> Thread.sleep(d.toMillis()),
                    InstantSource.system());
        }
    }

    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final FineTuningApi jobs;
    private final FollowView view;
    private final Pacing pacing;
    private final List<String> statuses = new ArrayList<>();
    private final Set<String> seenEventIds = new HashSet<>();
    private boolean historyRead;
    private boolean hyperparametersShown;
    private int lastStep = -1;
    private JsonNode latestJob = JSON.nullNode();
    private Instant jobFetchedAt = Instant.MIN;

    public JobFollower(FineTuningApi jobs, FollowView view, Pacing pacing) {
        this.jobs = jobs;
        this.view = view;
        this.pacing = pacing;
    }

    /** The statuses seen so far, oldest first (a fast job may skip one between polls). */
    public List<String> statuses() {
        return List.copyOf(statuses);
    }

    /**
     * @param known    the job as already known (e.g. the create answer), or null
     * @param deadline when to give up, or null to wait as long as the job takes
     */
    public JsonNode follow(String jobId, JsonNode known, Instant deadline) throws IOException, InterruptedException {
        if (known != null) {
            observeJob(known);
        }
        JsonNode finished = followStream(jobId, deadline);
        return finished != null ? finished : poll(jobId, deadline);
    }

    /** The finished job, or null when the gateway has no stream or it ended early: then polling takes over. */
    private JsonNode followStream(String jobId, Instant deadline) throws IOException, InterruptedException {
        try (SseReader stream = jobs.eventStream(jobId)) {
            JsonNode job = fetchJob(jobId);
            if (isFinal(job)) {
                return finish(job);
            }
            SseEvent message;
            while ((message = stream.next()) != null && !message.isDone()) {
                JsonNode object = JSON.readTree(message.data());
                if ("fine_tuning.job".equals(object.path("object").asText())) {
                    job = observeJob(object);
                } else {
                    observeEvent(object);
                    boolean statusMayHaveMoved = !"metrics".equals(object.path("type").asText());
                    if (statusMayHaveMoved || jobFetchedAt.plus(pacing.jobRefresh()).isBefore(pacing.clock().instant())) {
                        job = fetchJob(jobId);
                    }
                }
                if (isFinal(job)) {
                    return finish(job);
                }
                checkDeadline(jobId, deadline);
            }
            return null;
        } catch (NotAnEventStreamException e) {
            return null;
        } catch (GatewayClient.ApiError e) {
            if (e.status() == 404 || e.status() == 405 || e.status() == 400) {
                return null; // polling asks again and reports a real 404 (an unknown job) itself
            }
            throw e;
        }
    }

    private JsonNode poll(String jobId, Instant deadline) throws IOException, InterruptedException {
        while (true) {
            JsonNode job = fetchJob(jobId);
            for (JsonNode event : newEvents(jobId)) {
                observeEvent(event);
            }
            if (isFinal(job)) {
                return finish(job);
            }
            checkDeadline(jobId, deadline);
            pacing.sleeper().sleep(statuses.contains("running") ? pacing.whileRunning() : pacing.whileStarting());
        }
    }

    private JsonNode fetchJob(String jobId) throws IOException, InterruptedException {
        JsonNode job = jobs.get(jobId);
        jobFetchedAt = pacing.clock().instant();
        return observeJob(job);
    }

    /** Notes a job's status unless final: the final one is shown after the events that led to it. */
    private JsonNode observeJob(JsonNode job) {
        latestJob = job;
        if (!isFinal(job)) {
            noteStatus(job);
        }
        JsonNode hyperparameters = job.path("hyperparameters");
        if (!hyperparametersShown && hyperparameters.path("n_epochs").isNumber()) {
            hyperparametersShown = true;
            view.hyperparameters(hyperparameters);
        }
        view.job(job);
        return job;
    }

    private void observeEvent(JsonNode event) {
        String id = event.path("id").asText(null);
        if (id != null && !seenEventIds.add(id)) {
            return;
        }
        view.event(event);
        JsonNode data = event.path("data");
        if ("metrics".equals(event.path("type").asText()) && data.isObject() && data.path("step").asInt() > lastStep) {
            lastStep = data.path("step").asInt();
            view.progress(data, latestJob);
        }
    }

    /**
     * Events since the last look, oldest first. The list is newest first and {@code after} pages towards older
     * ones, so it reads from the newest page until an event already seen; the first look reads the newest page.
     */
    private List<JsonNode> newEvents(String jobId) throws IOException, InterruptedException {
        var fresh = new ArrayList<JsonNode>();
        String after = null;
        for (int page = 0; page < MAX_PAGES_PER_POLL; page++) {
            JsonNode list = jobs.events(jobId, after, FineTuningApi.MAX_PAGE);
            boolean reachedSeen = false;
            for (JsonNode event : list.path("data")) {
                String id = event.path("id").asText(null);
                if (id != null && seenEventIds.contains(id)) {
                    reachedSeen = true;
                    break;
                }
                fresh.add(event);
                after = id;
            }
            if (reachedSeen || !historyRead || !list.path("has_more").asBoolean() || after == null) {
                break;
            }
        }
        historyRead = true;
        return fresh.reversed();
    }

    private JsonNode finish(JsonNode job) {
        noteStatus(job);
        view.finished(job);
        if (!"succeeded".equals(job.path("status").asText())) {
            throw new JobNotSucceededException(job, statuses);
        }
        return job;
    }

    private void noteStatus(JsonNode job) {
        String status = job.path("status").asText();
        if (statuses.isEmpty() || !statuses.getLast().equals(status)) {
            statuses.add(status);
            view.status(job.path("id").asText(), List.copyOf(statuses));
        }
    }

    private void checkDeadline(String jobId, Instant deadline) {
        if (deadline != null && pacing.clock().instant().isAfter(deadline)) {
            throw new IllegalStateException("timed out waiting for job " + jobId + " to finish (statuses seen: "
                    + String.join(" → ", statuses) + ")");
        }
    }

    private static boolean isFinal(JsonNode job) {
        return FINAL_STATUSES.contains(job.path("status").asText());
    }
}
