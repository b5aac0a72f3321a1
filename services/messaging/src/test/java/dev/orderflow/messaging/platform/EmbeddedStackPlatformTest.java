package dev.orderflow.messaging.platform;

import dev.orderflow.stack.KafkaLogin;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.orderflow.stack.LocalStackResource;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The platform end to end on real processes: an Avro record produced through the real broker with
 * the schema registered in the real registry is consumed by a Quarkus application and written with
 * Hibernate Reactive to the real PostgreSQL, where it is read back.
 */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class, initArgs = {
        @ResourceArg(name = LocalStackResource.DATABASE, value = "messaging"),
        @ResourceArg(name = LocalStackResource.TOPICS, value = "platform-probe")})
class EmbeddedStackPlatformTest {

    private static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type": "record", "name": "ProbeEvent", "namespace": "dev.orderflow.platform",
             "fields": [
               {"name": "id", "type": "string"},
               {"name": "sku", "type": "string"},
               {"name": "amountMinor", "type": "long"},
               {"name": "currency", "type": "string"}]}""");

    /** Where Kafka is and the login the application under test uses (the test stack's administrator). */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @ConfigProperty(name = "orderflow.registry.url")
    String registryUrl;

    @Test
    void avroThroughTheRealBrokerAndRegistryEndsUpAsARowInPostgres() throws Exception {
        String id = UUID.randomUUID().toString();
        GenericRecord event = new GenericData.Record(SCHEMA);
        event.put("id", id);
        event.put("sku", "SKU-42");
        event.put("amountMinor", 12_345L);
        event.put("currency", "EUR");

        RecordMetadata sent;
        try (KafkaProducer<String, GenericRecord> producer = new KafkaProducer<>(with(
                "acks", "all",
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", AvroKafkaSerializer.class.getName(),
                "apicurio.registry.url", registryUrl,
                "apicurio.registry.auto-register", "true"))) {
            sent = producer.send(new ProducerRecord<>("platform-probe", id, event)).get();
        }

        // The schema is now an artifact in the registry ...
        HttpResponse<String> artifact = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(registryUrl + "/groups/default/artifacts/platform-probe-value/versions/branch=latest/content")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(artifact.statusCode()).isEqualTo(200);
        assertThat(new Schema.Parser().parse(artifact.body())).isEqualTo(SCHEMA);

        // ... and the record on the wire names it: magic byte 0, then the registry's id of that schema.
        try (KafkaCompanion companion = companion()) {
            ConsumerRecord<String, byte[]> raw = companion.consume(String.class, byte[].class)
                    .fromOffsets(Map.of(new org.apache.kafka.common.TopicPartition("platform-probe", sent.partition()),
                            sent.offset()), 1)
                    .awaitCompletion(Duration.ofSeconds(30))
                    .getFirstRecord();
            ByteBuffer value = ByteBuffer.wrap(raw.value());
            assertThat(value.get()).isEqualTo((byte) 0);
            int schemaId = value.getInt();
            HttpResponse<String> byId = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(registryUrl + "/ids/contentIds/" + schemaId)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(byId.statusCode()).isEqualTo(200);
            assertThat(new Schema.Parser().parse(byId.body())).isEqualTo(SCHEMA);
        }

        // The Quarkus application consumed it and wrote it through Hibernate Reactive; read it back.
        ProbeReading stored = await().atMost(Duration.ofSeconds(60)).until(() -> find(id), r -> r != null);
        assertThat(stored.sku).isEqualTo("SKU-42");
        assertThat(stored.amountMinor).isEqualTo(12_345L);
        assertThat(stored.currency).isEqualTo("EUR");
        assertThat(stored.offset).isEqualTo(sent.offset());
    }

    private static ProbeReading find(String id) {
        try {
            return VertxContextSupport.subscribeAndAwait(
                    () -> Panache.withSession(() -> ProbeReading.<ProbeReading>findById(id)));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client configuration: Kafka's address and the application's login, then these settings. */
    private Map<String, Object> with(Object... settings) {
        Map<String, Object> config = new java.util.HashMap<>(KafkaLogin.connection(kafka));
        for (int i = 0; i < settings.length; i += 2) {
            config.put((String) settings[i], settings[i + 1]);
        }
        return config;
    }

    private KafkaCompanion companion() {
        KafkaCompanion companion = new KafkaCompanion((String) kafka.get("bootstrap.servers"));
        companion.setCommonClientConfig(KafkaLogin.connection(kafka));
        return companion;
    }
}
