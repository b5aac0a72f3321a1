package dev.orderflow.messaging;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Transaction-scoped locks on aggregate keys (PostgreSQL advisory locks, released at commit or
 * rollback). For facts about one aggregate that arrive on different subscriptions and must not be
 * decided side by side, before the aggregate has a row to lock: a cancellation and the reservation
 * it races with, say. Without it, each transaction would miss the other's uncommitted write and both
 * would decide as if alone.
 */
public final class KeyLocks {

    private KeyLocks() {
    }

    /** Locks the keys in the current transaction, in one order for everyone (so that no two units of work deadlock). */
    public static Uni<Void> lock(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Object[]> rows = new TreeSet<>(keys).stream().map(k -> new Object[] {k}).toList();
        // The aggregate takes the rows in the sorted subquery's order: the locks are taken in that order.
        MultiRowSql sql = MultiRowSql.values("select count(pg_advisory_xact_lock(s.h)) from (select hashtextextended(v.k, 0) h from (values",
                rows, ") v(k) order by v.k) s");
        return Panache.getSession().chain(s -> sql.bind(s.createNativeQuery(sql.sql(), Long.class)).getSingleResult())
                .replaceWithVoid();
    }
}
