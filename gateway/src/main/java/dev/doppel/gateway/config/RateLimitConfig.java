package dev.doppel.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Per-tenant request rate limit, a token bucket: {@code burst} requests at once, refilled at
 * {@code requests-per-minute}. Kept in memory by each gateway replica, so with N replicas behind a
 * load balancer a tenant gets up to N times the limit.
 */
@ConfigMapping(prefix = "doppel.gateway.rate-limit")
public interface RateLimitConfig {
    /** Sustained rate; 0 turns the limit off. */
    @WithDefault("600")
    int requestsPerMinute();

    /** Requests a tenant may send at once after being idle. */
    @WithDefault("60")
    int burst();
}
