package dev.orderflow.messaging.inbox;

import java.util.HashMap;
import java.util.Map;

import dev.orderflow.events.catalog.EventSerdeConfig;
import dev.orderflow.messaging.AvroLimits;
import dev.orderflow.messaging.SchemaKeyedDatumProvider;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The value deserializer of every channel: Apicurio's Avro deserializer (typed, generated classes),
 * wrapped so that it never throws. A record that cannot be decoded reaches the handler pipeline as
 * an {@link InboundEvent} with the error and its original bytes, to be dead-lettered as it was
 * received, instead of failing the consumer or being re-encoded by a serializer that cannot.
 * Runs on the consumer's polling thread, where a registry lookup may block.
 */
public class EventDeserializer implements Deserializer<InboundEvent> {

    static {
        AvroLimits.apply();
    }

    private final AvroKafkaDeserializer<SpecificRecord> avro = new AvroKafkaDeserializer<>();

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Map<String, Object> merged = new HashMap<>(configs);
        Object url = configs.get("apicurio.registry.url");
        if (url == null) {
            throw new IllegalStateException("apicurio.registry.url is not configured for this consumer");
        }
        merged.putAll(EventSerdeConfig.deserializer(url.toString()));
        merged.putAll(SchemaKeyedDatumProvider.CONFIG);
        avro.configure(merged, isKey);
    }

    @Override
    public InboundEvent deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public InboundEvent deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return InboundEvent.undecodable(null, new IllegalArgumentException("record has no value (a tombstone)"));
        }
        try {
            Object decoded = headers == null ? avro.deserialize(topic, data) : avro.deserialize(topic, headers, data);
            if (decoded instanceof SpecificRecord event) {
                return InboundEvent.decoded(data, event);
            }
            return InboundEvent.undecodable(data, new IllegalArgumentException(
                    "not an event of the catalog: decoded as " + (decoded == null ? "null" : decoded.getClass().getName())));
        } catch (RuntimeException e) {
            return InboundEvent.undecodable(data, e);
        }
    }

    @Override
    public void close() {
        avro.close();
    }
}
