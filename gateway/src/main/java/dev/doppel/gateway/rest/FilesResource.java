package dev.doppel.gateway.rest;

import dev.doppel.gateway.security.TenantContext;
import dev.doppel.gateway.service.FileService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** {@code /v1/files}: a tenant's uploads. */
@Path("/v1/files")
@RolesAllowed("tenant")
public class FilesResource {
    private final FileService files;
    private final TenantContext tenant;

    FilesResource(FileService files, TenantContext tenant) {
        this.files = files;
        this.tenant = tenant;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<FileObject> upload(@RestForm("file") FileUpload file, @RestForm("purpose") String purpose,
            @RestForm("format") String format, @RestForm("me") List<String> me) {
        requireFile(file);
        if (purpose == null || purpose.isBlank()) {
            throw ApiException.invalid("purpose", "Missing multipart field 'purpose' (use 'fine-tune').");
        }
        if (!FileService.PURPOSES.contains(purpose)) {
            throw ApiException.invalid("purpose", "Unsupported purpose '" + purpose + "'; supported: "
                    + FileService.PURPOSES);
        }
        return files.upload(tenant.tenantId(), file.fileName(), file.uploadedFile(), purpose,
                format == null || format.isBlank() ? "auto" : format, me == null ? List.of() : me).map(FileObject::of);
    }

    static void requireFile(FileUpload file) {
        if (file == null) {
            throw ApiException.invalid("file", "Missing multipart field 'file'.");
        }
    }

    @GET
    public Uni<ListEnvelope<FileObject>> list(@QueryParam("after") String after, @QueryParam("limit") Integer limit) {
        return files.list(tenant.tenantId())
                .map(all -> ListEnvelope.page(all.stream().map(FileObject::of).toList(), FileObject::id, after, limit));
    }

    @GET
    @Path("/{id}")
    public Uni<FileObject> get(@PathParam("id") String id) {
        return files.get(tenant.tenantId(), id).map(FileObject::of);
    }

    /** OpenAI's {@code {id, object: "file", deleted: true}}. */
    @DELETE
    @Path("/{id}")
    public Uni<DeletedObject> delete(@PathParam("id") String id) {
        return files.delete(tenant.tenantId(), id).map(file -> new DeletedObject(file.id, "file", true));
    }

    /**
     * The file's bytes. Only {@code fine-tune-results} files (a finished job's metrics CSV) can be
     * downloaded; training uploads answer 400, as OpenAI's do.
     */
    @GET
    @Path("/{id}/content")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Uni<Response> content(@PathParam("id") String id) {
        return files.content(tenant.tenantId(), id).map(path -> Response.ok(path).build());
    }

    /**
     * What ingest made of the file, as {@code openai tools fine_tunes.prepare_data} reports it: counts,
     * token lengths, what was anonymized and deduplicated, and warnings with suggestions. 404 until
     * ingest has processed the file (its {@code status} says so) and for another tenant's file.
     */
    @GET
    @Path("/{id}/report")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<String> report(@PathParam("id") String id) {
        return files.report(tenant.tenantId(), id);
    }
}
