package dev.doppel.gateway.rest;

import dev.doppel.gateway.security.Identities;
import dev.doppel.gateway.service.JobService;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * An SSE response has sent its 200 and headers by the time the stream's first item is awaited, so a job that is
 * not the tenant's could only end in a broken stream. This filter looks the job up before the stream starts,
 * and an unknown or foreign job answers a plain 404 in OpenAI's shape. Requests without a tenant pass on to the
 * resource's own checks (401, 403).
 */
public class JobEventsStreamGuard {
    private static final Pattern EVENTS = Pattern.compile("/v1/fine_tuning/jobs/([^/]+)/events/?");

    private final JobService jobs;
    private final CurrentIdentityAssociation identities;

    JobEventsStreamGuard(JobService jobs, CurrentIdentityAssociation identities) {
        this.jobs = jobs;
        this.identities = identities;
    }

    @ServerRequestFilter
    public Uni<Response> requireJob(ContainerRequestContext request) {
        Matcher path = EVENTS.matcher(request.getUriInfo().getPath());
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        if (!"GET".equals(request.getMethod()) || !path.matches() || accept == null
                || !accept.startsWith(MediaType.SERVER_SENT_EVENTS)) {
            return Uni.createFrom().nullItem();
        }
        String jobId = path.group(1);
        return identities.getDeferredIdentity().chain(identity -> {
            String tenant = Identities.tenantOf(identity);
            if (tenant == null || !identity.hasRole("tenant")) {
                return Uni.createFrom().nullItem();
            }
            return jobs.get(tenant, jobId).replaceWith((Response) null);
        });
    }
}
