package dev.orderflow.stack;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.orderflow.events.catalog.EventCatalog;

/** The topics the stack creates: every stream of the event catalog, and a dead-letter topic for each. */
public final class Topics {

    public static final int DEAD_LETTER_PARTITIONS = 1;

    /**
     * @param compacted full-state (ECST) streams keep the latest event per key forever, so a new
     *                  replica can rebuild itself by reading from the beginning
     */
    public record Spec(String name, int partitions, boolean compacted) {
        public Map<String, String> configs() {
            return Map.of("cleanup.policy", compacted ? "compact" : "delete", "min.insync.replicas", "1");
        }
    }

    private Topics() {
    }

    /** Streams followed by their dead-letter topics (never compacted: every poison event is kept). */
    public static List<Spec> all() {
        List<EventCatalog.Stream> streams = EventCatalog.load().streams();
        return Stream.concat(
                        streams.stream().map(s -> new Spec(s.topic(), s.partitions(), s.compacted())),
                        streams.stream().map(s -> new Spec(s.deadLetterTopic(), DEAD_LETTER_PARTITIONS, false)))
                .toList();
    }
}
