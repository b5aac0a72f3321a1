package dev.orderflow.events.catalog;

import java.util.Map;

/**
 * How every producer and consumer of the project encodes events, in one place: Avro through
 * Apicurio Registry, subjects by record type (several event types share a topic), schemas looked up
 * by content, never auto-registered (the launcher and the deployment register them, with rules).
 */
public final class EventSerdeConfig {

    public static final String SERIALIZER = "io.apicurio.registry.serde.avro.AvroKafkaSerializer";
    public static final String DESERIALIZER = "io.apicurio.registry.serde.avro.AvroKafkaDeserializer";
    public static final String RECORD_ID_STRATEGY = "io.apicurio.registry.serde.avro.strategy.RecordIdStrategy";

    private EventSerdeConfig() {
    }

    public static Map<String, Object> serializer(String registryUrl) {
        return Map.of(
                "apicurio.registry.url", registryUrl,
                "apicurio.registry.artifact-resolver-strategy", RECORD_ID_STRATEGY,
                "apicurio.registry.auto-register", "false",
                "apicurio.registry.find-latest", "false");
    }

    public static Map<String, Object> deserializer(String registryUrl) {
        return Map.of(
                "apicurio.registry.url", registryUrl,
                "apicurio.registry.use-specific-avro-reader", "true");
    }
}
