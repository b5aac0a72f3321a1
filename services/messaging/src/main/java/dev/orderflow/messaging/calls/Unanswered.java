package dev.orderflow.messaging.calls;

import java.net.ConnectException;

import io.smallrye.mutiny.Uni;

/**
 * Whether any attempt of one external request went without an answer, so that the other side may
 * have acted on it: its answer had not come when it was given up on (a timeout; fault tolerance
 * does not cancel the request, whose answer may still arrive), or the connection broke after it was
 * sent. An attempt that was answered, even with an error status, or that never connected, was not
 * acted on unseen.
 * One instance follows the attempts of one request across its retries: the caller creates it, and
 * passes it to the fault-tolerant method whose fallback gives up on it ({@link #giveUp}).
 */
public final class Unanswered {

    /** Attempts sent whose answer has not come (still on its way after a timeout gave up on it, or cancelled). */
    private int outstanding;
    private boolean broken;
    private boolean givenUp;

    /**
     * The attempt, watched from its subscription until its answer or failure. An attempt that would
     * start after the request was given up on (one that waited in a bulkhead's queue past its
     * timeout) is not sent at all: the caller has decided already.
     */
    public <T> Uni<T> watch(Uni<T> attempt) {
        return Uni.createFrom().deferred(() -> {
            if (!start()) {
                return Uni.createFrom().failure(new IllegalStateException("given up on before this attempt could start"));
            }
            return attempt.onItem().invoke(answer -> answered(false))
                    .onFailure().invoke(e -> answered(!neverConnected(e)));
        });
    }

    /**
     * The caller gives up on the request: no further attempt of it will be sent.
     *
     * @return whether an attempt may have been acted on without its answer reaching us
     */
    public synchronized boolean giveUp() {
        givenUp = true;
        return broken || outstanding > 0;
    }

    private synchronized boolean start() {
        if (givenUp) {
            return false;
        }
        outstanding++;
        return true;
    }

    private synchronized void answered(boolean brokenAfterSending) {
        outstanding--;
        broken |= brokenAfterSending;
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
