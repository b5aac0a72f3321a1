package dev.orderflow.events.catalog;

import java.util.Map;

/**
 * How every producer and consumer of the project encodes events, in one place: Avro through
 * Apicurio Registry, subjects by record type (several event types share a topic), each holding the
 * event's self-contained schema (shared types inlined), looked up by content and never
 * auto-registered (the launcher and the deployment register them, with their rules).
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
                "apicurio.registry.find-latest", "false",
                // Subjects hold self-contained schemas (shared types inlined), so look them up that way
                // rather than as a tree of references to separately registered named types.
                "apicurio.registry.dereference-schema", "true");
    }

    public static Map<String, Object> deserializer(String registryUrl) {
        return Map.of(
                "apicurio.registry.url", registryUrl,
                "apicurio.registry.use-specific-avro-reader", "true",
                "apicurio.registry.dereference-schema", "true");
    }
}
