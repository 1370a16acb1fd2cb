package dev.doppel.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.gateway.persistence.JobEventRecord;
import dev.doppel.gateway.persistence.JobRecord;
import dev.doppel.gateway.security.TenantContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/**
 * {@code /v1/fine_tuning/jobs}: the tenant's jobs and their events. Today a job starts when a
 * {@code fine-tune} file passes ingest; creating jobs explicitly comes with the trainer's job API.
 */
@Path("/v1/fine_tuning/jobs")
@RolesAllowed("tenant")
public class FineTuningJobsResource {
    private final TenantContext tenant;
    private final ObjectMapper json;

    FineTuningJobsResource(TenantContext tenant, ObjectMapper json) {
        this.tenant = tenant;
        this.json = json;
    }

    @GET
    public Uni<ListEnvelope<JobObject>> list(@QueryParam("after") String after, @QueryParam("limit") Integer limit) {
        String tenantId = tenant.tenantId();
        return Panache.withSession(() -> JobRecord.listForTenant(tenantId))
                .map(jobs -> ListEnvelope.page(jobs.stream().map(JobObject::of).toList(), JobObject::id, after, limit));
    }

    @GET
    @Path("/{id}")
    public Uni<JobObject> get(@PathParam("id") String id) {
        return job(id).map(JobObject::of);
    }

    @GET
    @Path("/{id}/events")
    public Uni<ListEnvelope<JobEventObject>> events(@PathParam("id") String id, @QueryParam("after") String after,
            @QueryParam("limit") Integer limit) {
        String tenantId = tenant.tenantId();
        return job(id).chain(job -> Panache.withSession(() -> JobEventRecord.listForJob(tenantId, job.id)))
                .map(events -> ListEnvelope.page(
                        events.stream().map(e -> JobEventObject.of(e, parse(e.dataJson))).toList(),
                        JobEventObject::id, after, limit));
    }

    private Uni<JobRecord> job(String id) {
        String tenantId = tenant.tenantId();
        return Panache.withSession(() -> JobRecord.findForTenant(tenantId, id))
                .onItem().ifNull().failWith(() -> ApiException.notFound("fine-tuning job", id));
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
