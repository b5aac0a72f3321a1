package dev.orderflow.messaging.inbox;

import org.apache.avro.specific.SpecificRecord;

/**
 * What {@link EventDeserializer} makes of a record's value: the decoded event, or why it could not
 * be decoded; in both cases the original bytes, which is what a dead letter carries.
 */
public record InboundEvent(byte[] raw, SpecificRecord event, RuntimeException decodingError) {

    static InboundEvent decoded(byte[] raw, SpecificRecord event) {
        return new InboundEvent(raw, event, null);
    }

    static InboundEvent undecodable(byte[] raw, RuntimeException error) {
        return new InboundEvent(raw, null, error);
    }

    public boolean isDecoded() {
        return event != null;
    }
}
