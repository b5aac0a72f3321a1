package dev.orderflow.inventory.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.orderflow.inventory.domain.Reservation;
import dev.orderflow.inventory.domain.ReservationLine;
import dev.orderflow.inventory.domain.StockLevel;
import dev.orderflow.messaging.Sequentially;
import dev.orderflow.messaging.MultiRowSql;
import dev.orderflow.messaging.SqlValues;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Stock and reservations in the inventory database, read and written set-based inside the
 * caller's transaction. Lock order is always reservations first (by id), then stock rows by SKU,
 * so that concurrent units of work never deadlock and never oversell.
 */
@ApplicationScoped
public class InventoryStore {

    /** Locks and returns the levels of these SKUs in SKU order (missing SKUs have none yet). */
    public Uni<List<StockLevel>> lockLevels(Collection<String> skus) {
        if (skus.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return session().chain(s -> s.createNativeQuery(
                        "select sku, available, reserved from stock where sku in (:skus) order by sku for update", Object[].class)
                .setParameter("skus", new ArrayList<>(new TreeSet<>(skus)))
                .getResultList())
                .map(rows -> rows.stream()
                        .map(r -> new StockLevel((String) r[0], ((Number) r[1]).intValue(), ((Number) r[2]).intValue()))
                        .toList());
    }

    /** Writes the levels (one statement). */
    public Uni<Void> saveLevels(Collection<StockLevel> levels) {
        if (levels.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        MultiRowSql sql = MultiRowSql.values("insert into stock (sku, available, reserved) values",
                levels.stream().map(l -> new Object[] {l.sku(), l.available(), l.reserved()}).toList(),
                "on conflict (sku) do update set available = excluded.available, reserved = excluded.reserved,"
                        + " changed_at = now()");
        return session().chain(s -> sql.bind(s.createNativeQuery(sql.sql())).executeUpdate()).replaceWithVoid();
    }

    /** Locks and returns the reservations of these orders, by order id. */
    public Uni<Map<String, Reservation>> lockReservationsOf(Collection<String> orderIds) {
        if (orderIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return session().chain(s -> s.createNativeQuery("select id, order_id, status, expires_at from reservations"
                                + " where order_id in (:orders) order by id for update", Object[].class)
                        .setParameter("orders", new ArrayList<>(orderIds))
                        .getResultList()
                        .chain(rows -> withLines(s, rows)))
                .map(reservations -> {
                    Map<String, Reservation> byOrder = new LinkedHashMap<>();
                    reservations.forEach(r -> byOrder.put(r.orderId(), r));
                    return byOrder;
                });
    }

    /** Locks up to {@code limit} held reservations past their expiry, skipping those another unit of work holds. */
    public Uni<List<Reservation>> lockExpired(Instant now, int limit) {
        return session().chain(s -> s.createNativeQuery("select id, order_id, status, expires_at from reservations"
                                + " where status = 'HELD' and expires_at < :now order by id limit :limit for update skip locked",
                        Object[].class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList()
                .chain(rows -> withLines(s, rows)));
    }

    public Uni<Void> insert(Collection<Reservation> reservations) {
        if (reservations.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        MultiRowSql heads = MultiRowSql.values("insert into reservations (id, order_id, status, expires_at) values",
                reservations.stream().map(r -> new Object[] {r.id(), r.orderId(), r.status().name(), r.expiresAt()}).toList(),
                "");
        MultiRowSql lines = MultiRowSql.values("insert into reservation_lines (reservation_id, sku, quantity) values",
                reservations.stream().flatMap(r -> r.lines().stream().map(l -> new Object[] {r.id(), l.sku(), l.quantity()}))
                        .toList(),
                "");
        return session().chain(s -> heads.bind(s.createNativeQuery(heads.sql())).executeUpdate()
                        .chain(() -> lines.bind(s.createNativeQuery(lines.sql())).executeUpdate()))
                .replaceWithVoid();
    }

    /** Writes the reservations' new statuses: one statement per status, not one per reservation. */
    public Uni<Void> updateStatuses(Collection<Reservation> reservations) {
        Map<Reservation.Status, List<String>> byStatus = new EnumMap<>(Reservation.Status.class);
        reservations.forEach(r -> byStatus.computeIfAbsent(r.status(), k -> new ArrayList<>()).add(r.id()));
        return Sequentially.each(byStatus.entrySet(), e -> session().chain(s -> s.createNativeQuery(
                        "update reservations set status = :status, updated_at = now() where id in (:ids)")
                .setParameter("status", e.getKey().name())
                .setParameter("ids", e.getValue())
                .executeUpdate()));
    }

    public Uni<StockLevel> level(String sku) {
        return session().chain(s -> s.createNativeQuery("select sku, available, reserved from stock where sku = :sku",
                        Object[].class).setParameter("sku", sku).getResultList())
                .map(rows -> rows.isEmpty() ? StockLevel.none(sku)
                        : new StockLevel(sku, ((Number) rows.get(0)[1]).intValue(), ((Number) rows.get(0)[2]).intValue()));
    }

    private static Uni<List<Reservation>> withLines(Mutiny.Session s, List<Object[]> heads) {
        if (heads.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> ids = heads.stream().map(r -> (String) r[0]).toList();
        return s.createNativeQuery("select reservation_id, sku, quantity from reservation_lines"
                        + " where reservation_id in (:ids) order by reservation_id, sku", Object[].class)
                .setParameter("ids", ids)
                .getResultList()
                .map(lines -> {
                    Map<String, List<ReservationLine>> byReservation = new LinkedHashMap<>();
                    for (Object[] line : lines) {
                        byReservation.computeIfAbsent((String) line[0], k -> new ArrayList<>())
                                .add(new ReservationLine((String) line[1], ((Number) line[2]).intValue()));
                    }
                    return heads.stream().map(h -> new Reservation((String) h[0], (String) h[1],
                            byReservation.getOrDefault((String) h[0], List.of()),
                            Reservation.Status.valueOf((String) h[2]), SqlValues.instant(h[3]))).toList();
                });
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }
}
