package dev.doppel.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bucket's arithmetic on a clock the test moves. */
class TokenBucketTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aBurstThenOneRequestPerRefillInterval() {
        var bucket = new TokenBucket(3, 1.0, 0); // 60 a minute, burst 3
        assertEquals(2, bucket.take(0).remaining());
        assertEquals(1, bucket.take(0).remaining());
        assertEquals(0, bucket.take(0).remaining());
        TokenBucket.Decision refused = bucket.take(0);
        assertFalse(refused.allowed());
        assertEquals(1.0, refused.retryAfterSeconds(), 1e-9);
        assertEquals(3.0, refused.fullAfterSeconds(), 1e-9);

        TokenBucket.Decision half = bucket.take(SECOND / 2);
        assertFalse(half.allowed());
        assertEquals(0.5, half.retryAfterSeconds(), 1e-9);
        assertTrue(bucket.take(SECOND).allowed());
        assertFalse(bucket.take(SECOND).allowed());
    }

    @Test
    void anIdleBucketFillsUpToItsCapacityOnly() {
        var bucket = new TokenBucket(2, 1.0, 0);
        bucket.take(0);
        bucket.take(0);
        assertEquals(1, bucket.take(100 * SECOND).remaining());
        assertEquals(0, bucket.take(100 * SECOND).remaining());
        assertFalse(bucket.take(100 * SECOND).allowed());
    }

    @Test
    void aClockGoingBackwardsGivesNothing() {
        var bucket = new TokenBucket(1, 1.0, 10 * SECOND);
        assertTrue(bucket.take(10 * SECOND).allowed());
        assertFalse(bucket.take(5 * SECOND).allowed());
    }

    @Test
    void tenantsHaveSeparateBuckets() {
        long[] now = {0};
        var limiter = new TenantRateLimiter(60, 1, () -> now[0]);
        assertTrue(limiter.take("tenant-a").allowed());
        assertFalse(limiter.take("tenant-a").allowed());
        assertTrue(limiter.take("tenant-b").allowed());
        now[0] = SECOND;
        assertTrue(limiter.take("tenant-a").allowed());
    }

    @Test
    void resetTimesAreWrittenAsOpenAiWritesThem() {
        assertEquals("120ms", RateLimitFilter.duration(0.12));
        assertEquals("2s", RateLimitFilter.duration(1.2));
        assertEquals("6m0s", RateLimitFilter.duration(360));
    }
}
