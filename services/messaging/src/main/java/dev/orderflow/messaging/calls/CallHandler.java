package dev.orderflow.messaging.calls;

import io.smallrye.mutiny.Uni;

/**
 * Makes the external calls of one kind. {@link #perform} runs outside any transaction: it calls the
 * external system, then records the outcome in a transaction of its own that also completes the
 * call ({@link Calls#complete}). A failure leaves the call pending; it is retried with back-off.
 * Calls must be safe to repeat (an idempotency key, or a check of the recorded state first).
 */
public interface CallHandler {

    /** The kind of call this handler makes (unique within a service). */
    String kind();

    Uni<Void> perform(PendingCall call);
}
