package dev.orderflow.inventory.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.orderflow.inventory.domain.Reservation;
import dev.orderflow.inventory.domain.ReservationLine;
import dev.orderflow.inventory.domain.StockLevel;
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
        List<StockLevel> list = new ArrayList<>(levels);
        StringBuilder sql = new StringBuilder("insert into stock (sku, available, reserved, changed_at) values ");
        for (int i = 0; i < list.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:sku").append(i).append(", :available").append(i)
                    .append(", :reserved").append(i).append(", now())");
        }
        sql.append(" on conflict (sku) do update set available = excluded.available, reserved = excluded.reserved,"
                + " changed_at = excluded.changed_at");
        return session().chain(s -> {
            Mutiny.MutationQuery query = s.createNativeQuery(sql.toString());
            for (int i = 0; i < list.size(); i++) {
                query.setParameter("sku" + i, list.get(i).sku());
                query.setParameter("available" + i, list.get(i).available());
                query.setParameter("reserved" + i, list.get(i).reserved());
            }
            return query.executeUpdate();
        }).replaceWithVoid();
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
        List<Reservation> list = new ArrayList<>(reservations);
        StringBuilder heads = new StringBuilder("insert into reservations (id, order_id, status, expires_at) values ");
        StringBuilder lines = new StringBuilder("insert into reservation_lines (reservation_id, sku, quantity) values ");
        List<Object[]> lineRows = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            heads.append(i == 0 ? "" : ", ").append("(:id").append(i).append(", :order").append(i).append(", :status")
                    .append(i).append(", :expires").append(i).append(')');
            for (ReservationLine line : list.get(i).lines()) {
                int n = lineRows.size();
                lines.append(n == 0 ? "" : ", ").append("(:r").append(n).append(", :sku").append(n).append(", :q")
                        .append(n).append(')');
                lineRows.add(new Object[] {list.get(i).id(), line.sku(), line.quantity()});
            }
        }
        return session().chain(s -> {
            Mutiny.MutationQuery head = s.createNativeQuery(heads.toString());
            for (int i = 0; i < list.size(); i++) {
                head.setParameter("id" + i, list.get(i).id());
                head.setParameter("order" + i, list.get(i).orderId());
                head.setParameter("status" + i, list.get(i).status().name());
                head.setParameter("expires" + i, list.get(i).expiresAt());
            }
            Mutiny.MutationQuery line = s.createNativeQuery(lines.toString());
            for (int n = 0; n < lineRows.size(); n++) {
                line.setParameter("r" + n, lineRows.get(n)[0]);
                line.setParameter("sku" + n, lineRows.get(n)[1]);
                line.setParameter("q" + n, lineRows.get(n)[2]);
            }
            return head.executeUpdate().chain(line::executeUpdate);
        }).replaceWithVoid();
    }

    public Uni<Void> updateStatuses(Collection<Reservation> reservations) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (Reservation r : reservations) {
            all = all.chain(() -> session().chain(s -> s.createNativeQuery(
                                    "update reservations set status = :status, updated_at = now() where id = :id")
                            .setParameter("status", r.status().name())
                            .setParameter("id", r.id())
                            .executeUpdate()))
                    .replaceWithVoid();
        }
        return all;
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
                            Reservation.Status.valueOf((String) h[2]), instant(h[3]))).toList();
                });
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.LocalDateTime l) {
            return l.toInstant(java.time.ZoneOffset.UTC);
        }
        throw new IllegalStateException("not a timestamp: " + value);
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }
}
