package dev.orderflow.messaging.inbox;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.apache.avro.specific.SpecificRecord;

/**
 * The versions of a replicated full-state stream (products, customers): the owning service counts
 * them up from 0, one per change, and a replica keeps a change only if it is newer than what it holds.
 * A replica may miss versions (the topic is compacted while it is behind), but not a million of one
 * key: a version that far ahead of what the replica holds, or below 0, was not written by the owner.
 * Kept, it would pin the replica (every real change after it would look older), so it is refused
 * and dead-lettered with the reason, and the replica stays as it was.
 */
public final class ReplicaVersions {

    /** How far ahead of the replica's version a change may be. */
    public static final long MAX_JUMP = 1_000_000L;

    private ReplicaVersions() {
    }

    /**
     * The versions a replica table holds of these keys (absent: never seen), read in the current
     * session with {@code select}, which selects key and version of the rows whose key is in {@code :keys}.
     */
    public static Uni<Map<String, Long>> held(String select, Collection<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(select, Object[].class)
                        .setParameter("keys", new ArrayList<>(keys)).getResultList())
                .map(rows -> {
                    Map<String, Long> held = new HashMap<>();
                    rows.forEach(r -> held.put((String) r[0], ((Number) r[1]).longValue()));
                    return held;
                });
    }

    /**
     * The batch's changes of this type, in order, once none of them is refused by {@link #check} against
     * the versions the replica holds of their keys ({@code held}, a read in the current session).
     *
     * @return a failure with {@link RejectedEventException} for the first change no owner could have written
     */
    public static <E extends SpecificRecord> Uni<List<E>> accepted(List<ReceivedEvent> events, Class<E> type, Function<E, String> key,
                                                                   ToLongFunction<E> version,
                                                                   Function<Collection<String>, Uni<Map<String, Long>>> held) {
        List<E> changes = events.stream().filter(e -> e.is(type)).map(e -> e.as(type)).toList();
        return held.apply(changes.stream().map(key).distinct().toList()).map(versions -> {
            check(events, type, key, version, versions);
            return changes;
        });
    }

    /**
     * Refuses the first change of the batch that no owner could have written, given the versions the
     * replica holds (keys it has never seen are at -1) and the changes before it in the batch.
     *
     * @throws RejectedEventException for that change (the inbox dead-letters it and applies the rest)
     */
    public static <E extends SpecificRecord> void check(List<ReceivedEvent> events, Class<E> type, Function<E, String> key,
                                                        ToLongFunction<E> version, Map<String, Long> held) {
        Map<String, Long> known = new HashMap<>(held);
        for (ReceivedEvent event : events) {
            if (!event.is(type)) {
                continue;
            }
            E change = event.as(type);
            String k = key.apply(change);
            long v = version.applyAsLong(change);
            long current = known.getOrDefault(k, -1L);
            if (v < 0 || v > current + MAX_JUMP) {
                throw new RejectedEventException(event, type.getSimpleName() + " " + k + " has version " + v
                        + ", which its owner cannot have written: the replica holds version " + current
                        + " and accepts at most " + MAX_JUMP + " ahead of it");
            }
            known.merge(k, v, Math::max);
        }
    }
}
