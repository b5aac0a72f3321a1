package dev.orderflow.stack;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.orderflow.events.catalog.CloudEventHeaders;
import dev.orderflow.events.catalog.EventCatalog;
import dev.orderflow.events.catalog.EventSerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Test support: publishes events as the services do (on the stream of their type, keyed, encoded
 * through the registry, with CloudEvents headers), and reads back what is on a stream.
 */
public final class EventFeed implements AutoCloseable {

    private static final EventCatalog CATALOG = EventCatalog.load();

    private final Map<String, Object> kafka;
    private final KafkaProducer<String, byte[]> producer;
    private final AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>();
    private final AvroKafkaDeserializer<SpecificRecord> deserializer = new AvroKafkaDeserializer<>();

    /**
     * @param kafka where and as whom: a login's client properties ({@link LocalStack#kafkaAdmin()}), or a Quarkus
     *              application's {@code default-kafka-broker} configuration (only its address and login are used)
     */
    public EventFeed(Map<String, ?> kafka, String registryUrl) {
        this.kafka = KafkaLogin.connection(kafka);
        Map<String, Object> config = new HashMap<>(this.kafka);
        config.put("acks", "all");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        serializer.configure(new HashMap<>(EventSerdeConfig.serializer(registryUrl)), false);
        deserializer.configure(new HashMap<>(EventSerdeConfig.deserializer(registryUrl)), false);
    }

    /** Publishes the event on its stream, keyed and with CloudEvents headers; returns its id. */
    public String publish(SpecificRecord event) {
        EventCatalog.EventType type = CATALOG.eventType(event.getSchema().getFullName()).orElseThrow();
        String topic = CATALOG.streamOf(type).topic();
        String key = String.valueOf(event.get(event.getSchema().getField(type.key()).pos()));
        String id = UUID.randomUUID().toString();
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.of(id, type.type(), "/orderflow/test", Instant.now(), key).forEach(headers::add);
        try {
            producer.send(new ProducerRecord<>(topic, null, key, serializer.serialize(topic, headers, event), headers)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    /** The bytes {@link #publish} sends for the event on this topic (the registry's framing, then the Avro body). */
    public byte[] encode(String topic, SpecificRecord event) {
        return serializer.serialize(topic, new RecordHeaders(), event);
    }

    /** Every event with this key on the stream so far, in order. */
    public List<SpecificRecord> events(String topic, String key) {
        return TopicReader.read(kafka, topic, r -> key.equals(r.key())).stream()
                .map(r -> deserializer.deserialize(r.topic(), r.headers(), r.value()))
                .toList();
    }

    @Override
    public void close() {
        producer.close();
        serializer.close();
        deserializer.close();
    }
}
