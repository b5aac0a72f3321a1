package dev.orderflow.inventory.events;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;

import dev.orderflow.events.catalog.CloudEventHeaders;
import dev.orderflow.events.catalog.EventCatalog;
import dev.orderflow.events.catalog.EventSerdeConfig;
import dev.orderflow.events.common.Address;
import dev.orderflow.events.common.CustomerSnapshot;
import dev.orderflow.events.common.OrderLine;
import dev.orderflow.events.common.OrderSnapshot;
import dev.orderflow.events.orders.OrderPlaced;
import dev.orderflow.stack.TopicReader;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Feeds the inventory events as other services publish them, and reads what it published. */
final class EventFeed implements AutoCloseable {

    private static final EventCatalog CATALOG = EventCatalog.load();

    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> producer;
    private final AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>();
    private final AvroKafkaDeserializer<SpecificRecord> deserializer = new AvroKafkaDeserializer<>();

    EventFeed(String bootstrapServers, String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.producer = new KafkaProducer<>(java.util.Map.of("bootstrap.servers", bootstrapServers, "acks", "all"),
                new StringSerializer(), new ByteArraySerializer());
        serializer.configure(new HashMap<>(EventSerdeConfig.serializer(registryUrl)), false);
        deserializer.configure(new HashMap<>(EventSerdeConfig.deserializer(registryUrl)), false);
    }

    /** Publishes the event on its stream, keyed and with CloudEvents headers; returns its id. */
    String publish(SpecificRecord event) {
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

    /** Every event with this key on the stream so far, in order. */
    List<SpecificRecord> events(String topic, String key) {
        return TopicReader.read(bootstrapServers, topic, r -> key.equals(r.key())).stream()
                .map(r -> deserializer.deserialize(r.topic(), r.headers(), r.value()))
                .toList();
    }

    static OrderPlaced order(String orderId, OrderLine... lines) {
        long total = java.util.Arrays.stream(lines).mapToLong(l -> l.getQuantity() * l.getUnitPriceMinor()).sum();
        return OrderPlaced.newBuilder()
                .setOrderId(orderId)
                .setOrder(OrderSnapshot.newBuilder()
                        .setCustomer(CustomerSnapshot.newBuilder().setCustomerId("c-1").setName("Ada").setEmail("ada@example.org").build())
                        .setShippingAddress(Address.newBuilder().setRecipient("Ada").setLine1("Row 1").setPostalCode("10115")
                                .setCity("Berlin").setCountry("DE").build())
                        .setLines(List.of(lines))
                        .setCurrency("EUR").setSubtotalMinor(total).setShippingFeeMinor(0).setTotalMinor(total)
                        .setPlacedAt(Instant.now())
                        .build())
                .build();
    }

    static OrderLine line(String sku, int quantity) {
        return OrderLine.newBuilder().setSku(sku).setName(sku).setQuantity(quantity).setUnitPriceMinor(100).build();
    }

    @Override
    public void close() {
        producer.close();
        serializer.close();
        deserializer.close();
    }
}
