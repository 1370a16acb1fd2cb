package dev.doppel.gateway.rest;

import dev.doppel.gateway.security.TenantContext;
import dev.doppel.gateway.service.FileService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Doppel's own door for what OpenAI's file API has no words for: a raw personal-data export (a WhatsApp or
 * Telegram chat, a mailbox, …) and who in it is "me", and the report of what ingest made of it. The upload
 * becomes an ordinary {@code fine-tune} file, so it trains and lists like any other; {@code POST /v1/files}
 * with the same {@code me} fields does the same for clients that only speak OpenAI's API.
 */
@Path("/v1/doppel/files")
@RolesAllowed("tenant")
public class PersonalDataResource {
    private final FileService files;
    private final TenantContext tenant;

    PersonalDataResource(FileService files, TenantContext tenant) {
        this.files = files;
        this.tenant = tenant;
    }

    /**
     * @param me     repeated: the uploader's names, addresses or phone numbers in the export, whose replies are
     *               learnt; at least one, since an export holds several people
     * @param format {@code auto} (default) or the format ingest should assume
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<FileObject> upload(@RestForm("file") FileUpload file, @RestForm("me") List<String> me,
            @RestForm("format") String format) {
        FilesResource.requireFile(file);
        List<String> aliases = FileService.aliases(me);
        if (aliases.isEmpty()) {
            throw ApiException.invalid("me", "Say who you are in the export: one or more 'me' fields with your name, "
                    + "address or phone number as it appears there.");
        }
        return files.upload(tenant.tenantId(), file.fileName(), file.uploadedFile(), FileService.FINE_TUNE,
                format == null || format.isBlank() ? "auto" : format, aliases).map(FileObject::of);
    }

    /** What ingest made of a file: counts, token lengths, anonymization, duplicates, warnings. */
    @GET
    @Path("/{id}/report")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<String> report(@PathParam("id") String id) {
        return files.report(tenant.tenantId(), id);
    }
}
