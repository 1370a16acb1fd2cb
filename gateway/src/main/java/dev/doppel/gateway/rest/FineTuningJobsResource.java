package dev.doppel.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.events.JobRequested;
import dev.doppel.gateway.persistence.JobRecord;
import dev.doppel.gateway.security.TenantContext;
import dev.doppel.gateway.service.JobEventFollower;
import dev.doppel.gateway.service.JobService;
import dev.doppel.gateway.service.NewJob;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * {@code /v1/fine_tuning/jobs}: create, cancel and follow the tenant's fine-tuning jobs. Another tenant's
 * job ids answer 404.
 */
@Path("/v1/fine_tuning/jobs")
@RolesAllowed("tenant")
public class FineTuningJobsResource {
    /** Doppel's {@code pretrain} method builds base models every tenant sees, so only operators may use it. */
    static final String PRETRAIN_ROLE = "admin";

    private final JobService jobs;
    private final TenantContext tenant;
    private final SecurityIdentity identity;
    private final ObjectMapper json;
    private final JobEventFollower follower;

    FineTuningJobsResource(JobService jobs, TenantContext tenant, SecurityIdentity identity, ObjectMapper json,
            JobEventFollower follower) {
        this.jobs = jobs;
        this.follower = follower;
        this.tenant = tenant;
        this.identity = identity;
        this.json = json;
    }

    /** OpenAI answers a new job with 200 and the job object, so the gateway does too (not 201). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<JobObject> create(JsonNode body) {
        NewJob request = CreateJobRequest.parse(body);
        if (JobRequested.PRETRAIN.equals(request.method()) && !identity.hasRole(PRETRAIN_ROLE)) {
            throw new ApiException(403, "permission_error", "forbidden", "method.type",
                    "method.type 'pretrain' builds a base model for every tenant and needs role '" + PRETRAIN_ROLE + "'.");
        }
        return jobs.create(tenant.tenantId(), request).map(this::object);
    }

    @GET
    public Uni<ListEnvelope<JobObject>> list(@QueryParam("after") String after, @QueryParam("limit") Integer limit) {
        return jobs.list(tenant.tenantId())
                .map(all -> ListEnvelope.page(all.stream().map(this::object).toList(), JobObject::id, after, limit));
    }

    @GET
    @Path("/{id}")
    public Uni<JobObject> get(@PathParam("id") String id) {
        return jobs.get(tenant.tenantId(), id).map(this::object);
    }

    /** 400 once the job has ended; otherwise the job, already showing {@code cancelled} as OpenAI's does. */
    @POST
    @Path("/{id}/cancel")
    public Uni<JobObject> cancel(@PathParam("id") String id) {
        return jobs.cancel(tenant.tenantId(), id).map(this::object);
    }

    /** The job's events, newest first, paged with {@code after} and {@code limit}. */
    @GET
    @Path("/{id}/events")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ListEnvelope<JobEventObject>> events(@PathParam("id") String id, @QueryParam("after") String after,
            @QueryParam("limit") Integer limit) {
        return jobs.events(tenant.tenantId(), id).map(events -> ListEnvelope.page(
                events.stream().map(e -> JobEventObject.of(e, parse(e.dataJson))).toList(),
                JobEventObject::id, after, limit));
    }

    /**
     * {@code ?stream=true} or {@code Accept: text/event-stream} ({@link JobEventsNegotiation}): the job's events as
     * server-sent events, {@code data: {fine_tuning.job.event}}, the stored ones oldest first, then each new one;
     * the stream closes after the job's final event. 404 for another tenant's job, before anything is streamed.
     */
    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<JobEventObject> follow(@PathParam("id") String id) {
        String tenantId = tenant.tenantId();
        return jobs.get(tenantId, id).onItem().transformToMulti(job -> follower.follow(tenantId, job.id))
                .map(e -> JobEventObject.of(e, parse(e.dataJson)));
    }

    /** The job's last three epoch checkpoints (the trainer deletes older ones), newest first. */
    @GET
    @Path("/{id}/checkpoints")
    public Uni<ListEnvelope<CheckpointObject>> checkpoints(@PathParam("id") String id,
            @QueryParam("after") String after, @QueryParam("limit") Integer limit) {
        return jobs.checkpoints(tenant.tenantId(), id).map(checkpoints -> ListEnvelope.page(
                checkpoints.stream().map(CheckpointObject::of).toList(), CheckpointObject::id, after, limit));
    }

    private JobObject object(JobRecord job) {
        return JobObject.of(job, json);
    }

    private JsonNode parse(String data) {
        if (data == null) {
            return null;
        }
        try {
            return json.readTree(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored job event data is not JSON", e);
        }
    }
}
