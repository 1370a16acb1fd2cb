package dev.doppel.gateway.security;

import dev.doppel.gateway.rest.ErrorBody;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Applies {@link TenantRateLimiter} to every API request of an authenticated tenant. It resolves the
 * (lazily authenticated) identity itself, so it counts after authentication: a bad credential still answers
 * 401 and a request without a tenant (a reviewer's) is not counted here. Over the limit: 429 in OpenAI's shape
 * ({@code type: "requests"}, {@code code: "rate_limit_exceeded"}, as OpenAI sends it) with {@code Retry-After};
 * every counted answer carries OpenAI's {@code x-ratelimit-*-requests} headers.
 */
public class RateLimitFilter {
    private static final String DECISION = RateLimitFilter.class.getName() + ".decision";

    private final TenantRateLimiter limiter;
    private final CurrentIdentityAssociation identities;

    RateLimitFilter(TenantRateLimiter limiter, CurrentIdentityAssociation identities) {
        this.limiter = limiter;
        this.identities = identities;
    }

    @ServerRequestFilter
    public Uni<Response> limit(ContainerRequestContext request) {
        if (!limiter.enabled()) {
            return Uni.createFrom().nullItem();
        }
        return identities.getDeferredIdentity().map(identity -> {
            String tenant = Identities.tenantOf(identity);
            if (tenant == null) {
                return null;
            }
            TokenBucket.Decision decision = limiter.take(tenant);
            request.setProperty(DECISION, decision);
            if (decision.allowed()) {
                return null;
            }
            long retryAfter = (long) Math.ceil(decision.retryAfterSeconds());
            Response.ResponseBuilder tooMany = Response.status(429).type(MediaType.APPLICATION_JSON)
                    .header("Retry-After", Long.toString(Math.max(1, retryAfter)))
                    .entity(ErrorBody.of("Rate limit reached for tenant " + tenant + " on requests per min (RPM): Limit "
                            + limiter.perMinute() + ". Please try again in " + Math.max(1, retryAfter) + "s.",
                            "requests", null, "rate_limit_exceeded"));
            headers(decision).forEach(tooMany::header);
            return tooMany.build();
        });
    }

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION) instanceof TokenBucket.Decision decision && decision.allowed()) {
            headers(decision).forEach((name, value) -> response.getHeaders().putSingle(name, value));
        }
    }

    private java.util.Map<String, String> headers(TokenBucket.Decision decision) {
        return java.util.Map.of(
                "x-ratelimit-limit-requests", Integer.toString(limiter.perMinute()),
                "x-ratelimit-remaining-requests", Integer.toString(decision.remaining()),
                "x-ratelimit-reset-requests", duration(decision.fullAfterSeconds()));
    }

    /** OpenAI writes the reset time like Go durations: {@code 1s}, {@code 6m0s}, {@code 120ms}. */
    static String duration(double seconds) {
        if (seconds < 1) {
            return Math.round(seconds * 1000) + "ms";
        }
        long whole = (long) Math.ceil(seconds);
        return whole < 60 ? whole + "s" : String.format(Locale.ROOT, "%dm%ds", whole / 60, whole % 60);
    }
}
