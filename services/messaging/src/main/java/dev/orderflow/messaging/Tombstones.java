package dev.orderflow.messaging;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Aggregates that ended before this service held any state of them, in the caller's transaction:
 * when facts about one aggregate come on different subscriptions, the end may arrive before the
 * beginning (an order's cancellation before its reservation), and the beginning must then be ignored.
 * Use with {@link KeyLocks} so that the two are never decided side by side.
 */
@ApplicationScoped
public class Tombstones {

    /** Of these keys, those that ended. */
    public Uni<Set<String>> among(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select aggregate_key from tombstones where aggregate_key in (:keys)", String.class)
                .setParameter("keys", new ArrayList<>(keys)).getResultList())
                .map(HashSet::new);
    }

    public Uni<Void> add(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        MultiRowSql sql = MultiRowSql.values("insert into tombstones (aggregate_key) values",
                keys.stream().map(k -> new Object[] {k}).toList(), "on conflict do nothing");
        return Panache.getSession().chain(s -> sql.bind(s.createNativeQuery(sql.sql())).executeUpdate()).replaceWithVoid();
    }
}
