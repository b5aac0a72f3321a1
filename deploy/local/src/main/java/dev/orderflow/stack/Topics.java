package dev.orderflow.stack;

import java.util.List;
import java.util.Map;

/** The topics the stack creates: one per aggregate stream (DESIGN.md §2) plus a dead-letter topic for each. */
public final class Topics {

    /** Enough partitions for several instances of each consuming service. */
    public static final int STREAM_PARTITIONS = 6;
    public static final int DEAD_LETTER_PARTITIONS = 1;
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    /**
     * @param compacted full-state (ECST) streams keep the latest event per key forever, so a new
     *                  replica can rebuild itself by reading from the beginning
     */
    public record Spec(String name, int partitions, boolean compacted) {
        public Map<String, String> configs() {
            return compacted
                    ? Map.of("cleanup.policy", "compact", "min.insync.replicas", "1")
                    : Map.of("cleanup.policy", "delete", "min.insync.replicas", "1");
        }
    }

    private static final List<Spec> STREAMS = List.of(
            new Spec("orders", STREAM_PARTITIONS, false),
            new Spec("inventory", STREAM_PARTITIONS, false),
            new Spec("payments", STREAM_PARTITIONS, false),
            new Spec("shipments", STREAM_PARTITIONS, false),
            new Spec("customers", STREAM_PARTITIONS, true),
            new Spec("products", STREAM_PARTITIONS, true));

    private Topics() {
    }

    public static List<Spec> streams() {
        return STREAMS;
    }

    /** Streams followed by their dead-letter topics (never compacted: every poison event is kept). */
    public static List<Spec> all() {
        return java.util.stream.Stream.concat(
                        STREAMS.stream(),
                        STREAMS.stream().map(s -> new Spec(s.name() + DEAD_LETTER_SUFFIX, DEAD_LETTER_PARTITIONS, false)))
                .toList();
    }
}
