package dev.orderflow.messaging.outbox;

import java.util.Objects;

import dev.orderflow.messaging.inbox.ReceivedEvent;
import org.apache.avro.specific.SpecificRecord;

/**
 * An event a handler decided to publish. Its topic and key follow from the event catalog (the
 * stream of its type, the value of its key field).
 *
 * @param event the event (a generated Avro class of event-schemas)
 * @param cause the event being handled when this one was decided, if any: the new event continues
 *              its trace, so that one order is one trace across services
 */
public record OutgoingEvent(SpecificRecord event, ReceivedEvent cause) {

    public OutgoingEvent {
        Objects.requireNonNull(event, "event");
    }

    /** An event decided outside event handling (a REST request, a scheduled job): it joins the current trace. */
    public static OutgoingEvent of(SpecificRecord event) {
        return new OutgoingEvent(event, null);
    }

    /** An event decided while handling another: it continues that event's trace. */
    public static OutgoingEvent causedBy(ReceivedEvent cause, SpecificRecord event) {
        return new OutgoingEvent(event, Objects.requireNonNull(cause, "cause"));
    }
}
