package dev.doppel.ingest.rest;

import dev.doppel.events.ApiError;
import dev.doppel.ingest.service.IngestService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * Internal endpoint: the ingest report of a dataset. No authentication here — ingest is not exposed
 * outside the cluster; the gateway authenticates the tenant and checks ownership before proxying.
 */
@Path("/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {
    private final IngestService ingest;

    public DatasetResource(IngestService ingest) {
        this.ingest = ingest;
    }

    @GET
    @Path("/{id}")
    public Uni<Response> get(@PathParam("id") String id) {
        return ingest.find(id).map(dataset -> dataset == null
                ? Response.status(Response.Status.NOT_FOUND)
                        .entity(Map.of("error", new ApiError("not_found", "no dataset " + id, "id")))
                        .build()
                : Response.ok(DatasetReport.of(dataset)).build());
    }
}
