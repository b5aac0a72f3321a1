package dev.orderflow.messaging.inbox;

/**
 * Thrown by a handler for an event it can never process: it breaks the contract or fails a business
 * precondition that will not change. The event goes to the dead-letter topic with this reason; the
 * rest of its batch is processed without it.
 */
public class RejectedEventException extends RuntimeException {

    private final ReceivedEvent event;

    public RejectedEventException(ReceivedEvent event, String reason) {
        super(reason);
        this.event = event;
    }

    public ReceivedEvent event() {
        return event;
    }
}
