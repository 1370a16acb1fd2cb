package dev.doppel.gateway.service;

import dev.doppel.gateway.persistence.JobEventRecord;
import dev.doppel.gateway.persistence.JobRecord;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Follows a job's events: those stored so far, oldest first, then each new one, until the job has reached a
 * final status. The trainer's last messages ("The job has successfully completed", "The job was cancelled after
 * step N") travel on the progress topic and its final status on another, so either may be stored first: the
 * stream stays open for {@code doppel.gateway.events.end-grace} after the job ended, then closes.
 *
 * <p>New events come from Kafka through the projections into PostgreSQL, and the follower reads them back
 * from there every {@code doppel.gateway.events.poll-interval}. Reading the table rather than listening to the
 * consumer is what works with several replicas: the consumer group gives a job's events to one replica, while
 * the client may be following on another.
 */
@ApplicationScoped
public class JobEventFollower {
    private static final Object END = new Object();

    private final Duration pollInterval;
    private final Duration endGrace;

    JobEventFollower(@ConfigProperty(name = "doppel.gateway.events.poll-interval", defaultValue = "PT0.5S") Duration pollInterval,
            @ConfigProperty(name = "doppel.gateway.events.end-grace", defaultValue = "PT2S") Duration endGrace) {
        this.pollInterval = pollInterval;
        this.endGrace = endGrace;
    }

    /** Must be called on the request's Vert.x context: every read runs there, as Hibernate Reactive requires. */
    public Multi<JobEventRecord> follow(String tenantId, String jobId) {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("follow() needs the request's Vert.x context");
        }
        Executor onRequestContext = task -> context.runOnContext(ignored -> task.run());
        Set<String> sent = new HashSet<>(); // touched only by the sequential reads below
        return Multi.createBy().merging().streams(Multi.createFrom().item(0L), Multi.createFrom().ticks().every(pollInterval))
                .onOverflow().drop() // a read still running makes further ticks redundant
                .emitOn(onRequestContext)
                .onItem().transformToUniAndConcatenate(tick -> read(tenantId, jobId, endGrace))
                .onItem().transformToIterable(snapshot -> unsent(snapshot, sent))
                .select().first(item -> item != END)
                .map(JobEventRecord.class::cast);
    }

    private record Snapshot(boolean ended, List<JobEventRecord> oldestFirst) {
    }

    /**
     * The status first, then the events, so that events stored before the status was read are sent before the
     * stream ends. A job counts as ended once its final status is {@code grace} old (a cancel the gateway itself
     * recorded has no finish time: at once).
     */
    private static Uni<Snapshot> read(String tenantId, String jobId, Duration grace) {
        return Panache.withSession(() -> JobRecord.findForTenant(tenantId, jobId).chain(job -> job == null
                ? Uni.createFrom().item(new Snapshot(true, List.of()))
                : JobEventRecord.listForJob(tenantId, jobId).map(newestFirst ->
                        new Snapshot(endedFor(job, grace), newestFirst.reversed()))));
    }

    private static boolean endedFor(JobRecord job, Duration grace) {
        return JobStatus.isFinal(job.status)
                && (job.finishedAt == null || !Instant.now().isBefore(job.finishedAt.plus(grace)));
    }

    private static List<Object> unsent(Snapshot snapshot, Set<String> sent) {
        var items = new ArrayList<Object>();
        for (JobEventRecord event : snapshot.oldestFirst()) {
            if (sent.add(event.id)) {
                items.add(event);
            }
        }
        if (snapshot.ended()) {
            items.add(END);
        }
        return items;
    }
}
