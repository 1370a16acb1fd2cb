package dev.doppel.gateway.security;

/**
 * A token bucket: holds up to {@code capacity} tokens, refilled continuously at {@code perSecond}; each request
 * takes one. Time comes from the caller (nanoseconds, monotonic), so the arithmetic is testable without waiting.
 */
public final class TokenBucket {
    private final double capacity;
    private final double perNano;
    private double tokens;
    private long updatedAt;

    /** What one request was told: allowed or not, what is left, and when to come back. */
    public record Decision(boolean allowed, int remaining, double retryAfterSeconds, double fullAfterSeconds) {
    }

    public TokenBucket(int capacity, double perSecond, long nowNanos) {
        if (capacity < 1 || !(perSecond > 0)) {
            throw new IllegalArgumentException("a bucket needs capacity >= 1 and a positive refill rate");
        }
        this.capacity = capacity;
        this.perNano = perSecond / 1e9;
        this.tokens = capacity;
        this.updatedAt = nowNanos;
    }

    public synchronized Decision take(long nowNanos) {
        if (nowNanos > updatedAt) {
            tokens = Math.min(capacity, tokens + (nowNanos - updatedAt) * perNano);
            updatedAt = nowNanos;
        }
        boolean allowed = tokens >= 1;
        if (allowed) {
            tokens -= 1;
        }
        double retryAfter = allowed ? 0 : (1 - tokens) / perNano / 1e9;
        double fullAfter = (capacity - tokens) / perNano / 1e9;
        return new Decision(allowed, (int) Math.floor(tokens), retryAfter, fullAfter);
    }
}
