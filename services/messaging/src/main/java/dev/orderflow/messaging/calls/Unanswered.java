package dev.orderflow.messaging.calls;

import java.net.ConnectException;
import java.util.concurrent.atomic.AtomicInteger;

import io.smallrye.mutiny.Uni;

/**
 * Whether any attempt of one external request went without an answer, so that the other side may
 * have acted on it: its answer had not come when it was given up on (a timeout; fault tolerance
 * does not cancel the request, whose answer may still arrive), or the connection broke after it was
 * sent. An attempt that was answered, even with an error status, or that never connected, was not
 * acted on unseen.
 * One instance follows the attempts of one request across its retries: the caller creates it, and
 * passes it to the fault-tolerant method whose fallback reads it.
 */
public final class Unanswered {

    /** Attempts sent whose answer has not come (still on its way after a timeout gave up on it, or cancelled). */
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile boolean broken;

    /** The attempt, watched from its subscription until its answer or failure. */
    public <T> Uni<T> watch(Uni<T> attempt) {
        return Uni.createFrom().deferred(() -> {
            outstanding.incrementAndGet();
            return attempt.onItem().invoke(answer -> outstanding.decrementAndGet())
                    .onFailure().invoke(e -> {
                        outstanding.decrementAndGet();
                        if (!neverConnected(e)) {
                            broken = true;
                        }
                    });
        });
    }

    /** Whether an attempt may have been acted on without its answer reaching us (yet). */
    public boolean any() {
        return broken || outstanding.get() > 0;
    }

    private static boolean neverConnected(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
