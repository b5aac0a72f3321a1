package dev.orderflow.messaging.calls;

/**
 * A call to an external system that is due: what to call ({@code kind}, e.g. "authorize") about
 * which aggregate ({@code subject}, e.g. a payment id).
 *
 * @param attempt 1 for the first attempt; a higher number means an earlier attempt failed or its
 *                process died before recording the outcome
 */
public record PendingCall(long id, String kind, String subject, int attempt) {
}
