package dev.orderflow.events.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;

/**
 * The event streams of the system, read from {@code streams.json}: each topic with its partitions,
 * cleanup policy, registry compatibility rule, producer, and the event types it carries with their
 * key field and consumers. The one source for the topics the stack creates, the schemas and rules
 * it registers, and CATALOG.md.
 */
public record EventCatalog(List<Stream> streams) {

    public static final String RESOURCE = "/dev/orderflow/events/streams.json";

    /** Registry compatibility rules used by the streams (Apicurio's names). */
    public enum Compatibility { BACKWARD, FORWARD, FULL, BACKWARD_TRANSITIVE, FORWARD_TRANSITIVE, FULL_TRANSITIVE, NONE }

    public record Stream(String topic, String description, int partitions, boolean compacted,
                         Compatibility compatibility, String producer, List<EventType> events) {
        public Stream {
            events = List.copyOf(events);
        }

        public String deadLetterTopic() {
            return topic + ".dlq";
        }
    }

    /**
     * One event type: the full name of its Avro record (which is also its Java class), the field
     * that holds its Kafka key, the services that consume it, and — for a type whose schema is
     * published ahead of the code that produces it — what it is planned for (absent once produced).
     * The stream's producer must stage every type that is not planned and no planned one
     * ({@code StreamCatalogConformanceTest}).
     */
    public record EventType(String type, String key, List<String> consumers, String planned) {
        public EventType {
            consumers = List.copyOf(consumers);
        }

        public EventType(String type, String key, List<String> consumers) {
            this(type, key, consumers, null);
        }

        public boolean isPlanned() {
            return planned != null;
        }

        public String namespace() {
            return type.substring(0, type.lastIndexOf('.'));
        }

        public String simpleName() {
            return type.substring(type.lastIndexOf('.') + 1);
        }

        /** The registry group of its subject: with the record-id strategy, the record's namespace. */
        public String registryGroup() {
            return namespace();
        }

        /** The registry artifact of its subject: with the record-id strategy, the record's name. */
        public String registryArtifact() {
            return simpleName();
        }

        public Class<?> javaClass() {
            try {
                return Class.forName(type, true, EventCatalog.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("no generated class for event type " + type, e);
            }
        }

        /**
         * Every published version of the event's schema, oldest first (from {@code published/}, which
         * travels in this jar): the schemas that may have written bytes still kept somewhere.
         */
        public List<Schema> publishedSchemas() {
            List<Schema> versions = new java.util.ArrayList<>();
            for (int n = 1; ; n++) {
                String resource = "/dev/orderflow/events/published/" + namespace() + "/" + simpleName() + "/" + n + ".avsc";
                try (InputStream in = EventCatalog.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        return List.copyOf(versions);
                    }
                    versions.add(new Schema.Parser().parse(in));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + resource, e);
                }
            }
        }

        /** The schema the generated class was built from (shared types inlined). */
        public Schema schema() {
            try {
                return (Schema) javaClass().getField("SCHEMA$").get(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("no schema on " + type, e);
            }
        }
    }

    public EventCatalog {
        streams = List.copyOf(streams);
    }

    /** The catalog shipped in this module. */
    public static EventCatalog load() {
        try (InputStream in = EventCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return new ObjectMapper()
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .readValue(in, EventCatalog.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public List<EventType> eventTypes() {
        return streams.stream().flatMap(s -> s.events().stream()).toList();
    }

    /** Looks an event type up by its full name or, when unambiguous, its simple name. */
    public Optional<EventType> eventType(String name) {
        List<EventType> matches = eventTypes().stream()
                .filter(e -> e.type().equals(name) || e.simpleName().equals(name))
                .toList();
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    public Stream streamOf(EventType eventType) {
        return streams.stream().filter(s -> s.events().contains(eventType)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(eventType.type() + " is on no stream"));
    }

    public Optional<Stream> stream(String topic) {
        return streams.stream().filter(s -> s.topic().equals(topic)).findFirst();
    }
}
