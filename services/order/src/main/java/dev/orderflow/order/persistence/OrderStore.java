package dev.orderflow.order.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.orderflow.messaging.AvroBinary;
import dev.orderflow.messaging.KeyLocks;
import dev.orderflow.messaging.MultiRowSql;
import dev.orderflow.messaging.Sequentially;
import dev.orderflow.messaging.SqlValues;
import dev.orderflow.messaging.inbox.ReceivedEvent;
import dev.orderflow.messaging.inbox.Translated;
import dev.orderflow.order.domain.Order;
import dev.orderflow.order.domain.PlacementLimits;
import dev.orderflow.order.domain.TimelineEntry;
import io.opentelemetry.context.Context;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/** Orders and their timelines in the order database, inside the caller's session or transaction. */
@ApplicationScoped
public class OrderStore {

    /** An order placed through the API, with the request that placed it. */
    public record Placed(Order order, String requestHash) {
    }

    /** Locks the orders with these ids (in id order, so concurrent units of work never deadlock). */
    public Uni<Map<String, Order>> lock(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return OrderEntity.<OrderEntity>find("id in ?1", Sort.by("id"), new ArrayList<>(ids))
                .withLock(LockModeType.PESSIMISTIC_WRITE).list()
                .map(entities -> {
                    Map<String, Order> byId = new LinkedHashMap<>();
                    entities.forEach(e -> byId.put(e.id, e.toDomain()));
                    return byId;
                });
    }

    public Uni<Void> insert(Order order, String idempotencyKey, String requestHash) {
        return OrderEntity.of(order, idempotencyKey, requestHash).persist().replaceWithVoid();
    }

    /** Writes the new state of orders loaded (locked) in this transaction. */
    public Uni<Void> update(Collection<Order> orders) {
        return Sequentially.each(orders, order -> OrderEntity.<OrderEntity>findById(order.id()).invoke(e -> e.apply(order)))
                .chain(() -> Panache.getSession().chain(s -> s.flush()));
    }

    public Uni<Optional<Order>> find(String id) {
        return OrderEntity.<OrderEntity>findById(id).map(e -> Optional.ofNullable(e).map(OrderEntity::toDomain));
    }

    public Uni<Optional<Placed>> findByIdempotencyKey(String key) {
        return OrderEntity.<OrderEntity>find("idempotencyKey", key).firstResult()
                .map(e -> Optional.ofNullable(e).map(x -> new Placed(x.toDomain(), x.requestHash)));
    }

    /** A customer's orders, newest first. */
    public Uni<List<Order>> ofCustomer(String customerId, int page, int size) {
        return OrderEntity.<OrderEntity>find("customerId", Sort.descending("placedAt").and("id"), customerId)
                .page(Page.of(page, size)).list()
                .map(list -> list.stream().map(OrderEntity::toDomain).toList());
    }

    public Uni<Long> countOfCustomer(String customerId) {
        return OrderEntity.count("customerId", customerId);
    }

    /**
     * What a customer has under way, read under a lock on the customer held until the transaction
     * ends, so that two of their placements at once are counted one after the other.
     */
    public Uni<PlacementLimits.Activity> lockedActivityOf(String customerId, Instant since) {
        return KeyLocks.lock(List.of("customer-orders:" + customerId)).chain(() -> Panache.getSession().chain(s -> s
                .createNativeQuery("select (select count(*) from orders where customer_id = :c and status in ('PLACED', 'RESERVED', 'PAID')),"
                        + " (select count(*) from orders where customer_id = :c and placed_at > :since)", Object[].class)
                .setParameter("c", customerId).setParameter("since", since).getSingleResult()))
                .map(row -> new PlacementLimits.Activity(((Number) row[0]).longValue(), ((Number) row[1]).longValue()));
    }

    /** Appends entries to the orders' timelines (one statement). */
    public Uni<Void> append(Map<String, List<TimelineEntry>> entries) {
        List<Object[]> rows = new ArrayList<>();
        entries.forEach((orderId, list) -> list.forEach(e ->
                rows.add(new Object[] {orderId, e.at(), e.event(), e.source(), e.detail(), e.eventId()})));
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        MultiRowSql sql = MultiRowSql.values("insert into order_timeline (order_id, occurred_at, event, source, detail, event_id) values",
                rows, "");
        return Panache.getSession().chain(s -> sql.bind(s.createNativeQuery(sql.sql())).executeUpdate()).replaceWithVoid();
    }

    public Uni<List<TimelineEntry>> timeline(String orderId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select occurred_at, event, source, detail, event_id"
                                + " from order_timeline where order_id = :id order by id", Object[].class)
                        .setParameter("id", orderId).getResultList())
                .map(rows -> rows.stream().map(r -> new TimelineEntry(SqlValues.instant(r[0]), (String) r[1], (String) r[2],
                        (String) r[3], (String) r[4])).toList());
    }

    /** Tells every instance's status listeners, at commit, that these orders changed status. */
    public Uni<Void> announce(Collection<Order> changed) {
        if (changed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        MultiRowSql sql = MultiRowSql.values("select count(pg_notify('" + OrderStatusFeed.CHANNEL + "', v.id)) from (values",
                changed.stream().map(o -> new Object[] {o.id()}).toList(), ") v(id)");
        return Panache.getSession().chain(s -> sql.bind(s.createNativeQuery(sql.sql(), Long.class)).getSingleResult())
                .replaceWithVoid();
    }

    /** Of these orders, those the service has (committed; an order is never deleted, so no lock is needed to know it). */
    public Uni<Set<String>> known(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("select id from orders where id in (:ids)", String.class)
                        .setParameter("ids", new ArrayList<>(ids)).getResultList())
                .map(Set::copyOf);
    }

    /** Keeps facts about orders this service does not know yet, as the events they came in (read back by {@link #takeEarly}). */
    public Uni<Void> stashEarly(List<? extends Translated<?>> facts) {
        if (facts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        MultiRowSql sql = MultiRowSql.values("insert into early_facts (order_id, event_id, event_type, source, occurred_at, payload) values",
                facts.stream().map(Translated::cause)
                        .map(e -> new Object[] {e.key(), e.id(), e.type(), e.source(), e.time(), AvroBinary.encode(e.event())})
                        .toList(), "");
        return Panache.getSession().chain(s -> sql.bind(s.createNativeQuery(sql.sql())).executeUpdate()).replaceWithVoid();
    }

    /** Takes (reads and deletes) the facts that arrived before these orders, in arrival order. */
    public Uni<List<ReceivedEvent>> takeEarly(Collection<String> orderIds) {
        if (orderIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("delete from early_facts where order_id in (:ids)"
                                + " returning id, order_id, event_id, event_type, source, occurred_at, payload", Object[].class)
                        .setParameter("ids", new ArrayList<>(orderIds)).getResultList())
                .map(rows -> rows.stream()
                        .sorted(java.util.Comparator.comparingLong(r -> ((Number) r[0]).longValue()))
                        .map(r -> new ReceivedEvent((String) r[2], (String) r[3], (String) r[1], (String) r[4],
                                SqlValues.instant(r[5]), AvroBinary.decode((String) r[3], (byte[]) r[6]), "early_facts", -1, -1,
                                Context.root()))
                        .toList());
    }
}
