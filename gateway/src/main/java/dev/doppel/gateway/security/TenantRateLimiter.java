package dev.doppel.gateway.security;

import dev.doppel.gateway.config.RateLimitConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per tenant, in this replica's memory (see {@link RateLimitConfig}). Every way a
 * tenant authenticates (its users' tokens, its service accounts, its API keys) draws from the same bucket,
 * because the limit protects the shared engine from a tenant, not from a credential.
 */
@ApplicationScoped
public class TenantRateLimiter {
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final int perMinute;
    private final int burst;
    private final LongSupplier clock;

    @Inject
    TenantRateLimiter(RateLimitConfig config) {
        this(config.requestsPerMinute(), config.burst(), System::nanoTime);
    }

    TenantRateLimiter(int perMinute, int burst, LongSupplier clock) {
        this.perMinute = perMinute;
        this.burst = Math.max(1, burst);
        this.clock = clock;
    }

    public boolean enabled() {
        return perMinute > 0;
    }

    public int perMinute() {
        return perMinute;
    }

    public TokenBucket.Decision take(String tenantId) {
        long now = clock.getAsLong();
        return buckets.computeIfAbsent(tenantId, t -> new TokenBucket(burst, perMinute / 60.0, now)).take(now);
    }
}
