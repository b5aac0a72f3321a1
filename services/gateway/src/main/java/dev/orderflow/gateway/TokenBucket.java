package dev.orderflow.gateway;

/**
 * One caller's allowance: holds up to {@code burst} requests, refilled at {@code perSecond}. A request
 * takes one; when none is left, the caller learns how long until the next one. Times are the caller's
 * clock in nanoseconds (System.nanoTime in the gateway, any number in tests).
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final double capacity;
    private final double perNano;
    private double tokens;
    private long updatedAt;

    TokenBucket(int perSecond, int burst, long now) {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs at least 1 request a second and a burst of 1, not "
                    + perSecond + "/" + burst);
        }
        this.capacity = burst;
        this.perNano = perSecond / NANOS_PER_SECOND;
        this.tokens = burst;
        this.updatedAt = now;
    }

    /** Takes one request's allowance: 0 when taken, otherwise the nanoseconds until one is available (nothing taken). */
    synchronized long tryTake(long now) {
        if (now > updatedAt) {
            tokens = Math.min(capacity, tokens + (now - updatedAt) * perNano);
            updatedAt = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / perNano);
    }
}
