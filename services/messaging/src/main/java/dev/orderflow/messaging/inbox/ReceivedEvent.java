package dev.orderflow.messaging.inbox;

import java.time.Instant;

import io.opentelemetry.context.Context;
import org.apache.avro.specific.SpecificRecord;

/**
 * An event as a handler sees it: decoded, identified, not seen before by this consumer.
 *
 * @param id           the CloudEvents id (what the inbox deduplicates on)
 * @param type         the Avro full name of the event
 * @param key          the Kafka key (the aggregate id)
 * @param source       the CloudEvents source (who published it)
 * @param time         when it happened (CloudEvents time)
 * @param event        the event itself
 * @param traceContext the consumer span's context: events decided while handling this one continue it
 */
public record ReceivedEvent(String id, String type, String key, String source, Instant time, SpecificRecord event,
                            String topic, int partition, long offset, Context traceContext) {

    /** The event as its generated class, when the handler expects that type. */
    public <T extends SpecificRecord> T as(Class<T> type) {
        return type.cast(event);
    }

    public boolean is(Class<? extends SpecificRecord> type) {
        return type.isInstance(event);
    }
}
