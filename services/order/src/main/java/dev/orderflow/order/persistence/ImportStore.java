package dev.orderflow.order.persistence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.orderflow.messaging.MultiRowSql;
import dev.orderflow.messaging.SqlValues;
import dev.orderflow.order.domain.Import;
import dev.orderflow.order.domain.ImportLine;
import dev.orderflow.order.domain.Order;
import dev.orderflow.order.domain.OrderStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Imports, the lines they refused, and the orders they placed, inside the caller's session or transaction (set-based). */
@ApplicationScoped
public class ImportStore {

    /** An order an import places, and what makes it the same order when imported again. */
    public record Keyed(Order order, String key) {
    }

    private static final String COLUMNS = "id, digest, name, format, created_by, created_at, updated_at, lines_read, placed,"
            + " refused, duplicates, read_at, completed_at";

    /** Adds the import unless one of the same file is there; returns the import of that file either way. */
    public Uni<Import> insertOrFind(Import opened) {
        return Panache.getSession().chain(s -> s.createNativeQuery("insert into imports (" + COLUMNS + ") values (:id, :digest,"
                        + " :name, :format, :by, :at, :at, 0, 0, 0, 0, null, null) on conflict (digest) do nothing")
                .setParameter("id", opened.id()).setParameter("digest", opened.digest()).setParameter("name", opened.name())
                .setParameter("format", opened.format().name()).setParameter("by", opened.createdBy())
                .setParameter("at", opened.createdAt()).executeUpdate()
                .chain(() -> s.createNativeQuery("select " + COLUMNS + " from imports where digest = :digest", Object[].class)
                        .setParameter("digest", opened.digest()).getSingleResult()))
                .map(ImportStore::read);
    }

    public Uni<Optional<Import>> find(String id) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select " + COLUMNS + " from imports where id = :id",
                        Object[].class).setParameter("id", id).getResultList())
                .map(rows -> rows.stream().findFirst().map(ImportStore::read));
    }

    /** The import, locked until the transaction ends (one writer at a time reads on in its file). */
    public Uni<Optional<Import>> lock(String id) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select " + COLUMNS + " from imports where id = :id"
                        + " for update", Object[].class).setParameter("id", id).getResultList())
                .map(rows -> rows.stream().findFirst().map(ImportStore::read));
    }

    /**
     * Imports whose file is in and that are not done yet, oldest first, locked until the transaction ends
     * (those another instance holds are skipped).
     */
    public Uni<List<Import>> lockOpen(int limit) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select " + COLUMNS + " from imports where read_at is not null"
                        + " and completed_at is null order by read_at limit :limit for update skip locked", Object[].class)
                        .setParameter("limit", limit).getResultList())
                .map(rows -> rows.stream().map(ImportStore::read).toList());
    }

    public Uni<Void> update(Import i) {
        return Panache.getSession().chain(s -> s.createNativeQuery("update imports set updated_at = :updated, lines_read = :read,"
                        + " placed = :placed, refused = :refused, duplicates = :duplicates, read_at = :readAt,"
                        + " completed_at = :completedAt where id = :id")
                .setParameter("updated", i.updatedAt()).setParameter("read", i.linesRead()).setParameter("placed", i.placed())
                .setParameter("refused", i.refused()).setParameter("duplicates", i.duplicates())
                .setParameter("readAt", i.readAt()).setParameter("completedAt", i.completedAt()).setParameter("id", i.id())
                .executeUpdate()).replaceWithVoid();
    }

    /**
     * Inserts the orders an import places (one statement), but none whose key an order has already.
     * The rows go in as one JSON array parameter, which PostgreSQL turns into rows of the orders table
     * ({@code json_populate_recordset}): a thousand orders of fifteen columns as fifteen thousand bind
     * parameters cost the query layer more than the insert costs the database.
     *
     * @return the ids of the orders inserted
     */
    public Uni<Set<String>> insertOrders(String importId, List<Keyed> orders) {
        if (orders.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        List<Map<String, Object>> rows = new ArrayList<>(orders.size());
        for (Keyed keyed : orders) {
            Order o = keyed.order();
            Map<String, Object> row = new java.util.HashMap<>();
            row.put("id", o.id());
            row.put("import_id", importId);
            row.put("external_id", keyed.key());
            row.put("customer_id", o.customer().customerId());
            row.put("customer", Json.write(o.customer()));
            row.put("shipping_address", Json.write(o.shippingAddress()));
            row.put("lines", Json.write(o.lines()));
            row.put("currency", o.currency());
            row.put("subtotal_minor", o.subtotalMinor());
            row.put("shipping_fee_minor", o.shippingFeeMinor());
            row.put("total_minor", o.totalMinor());
            row.put("channel", o.channel().name());
            row.put("placed_at", o.placedAt().toString());
            row.put("status", o.status().name());
            row.put("updated_at", o.updatedAt().toString());
            rows.add(row);
        }
        String columns = "id, import_id, external_id, customer_id, customer, shipping_address, lines, currency, subtotal_minor,"
                + " shipping_fee_minor, total_minor, channel, placed_at, status, updated_at";
        return Panache.getSession().chain(s -> s.createNativeQuery("insert into orders (" + columns + ") select " + columns
                        + " from json_populate_recordset(null::orders, cast(cast(:rows as text) as json))"
                        + " on conflict (external_id) do nothing returning id", String.class)
                        .setParameter("rows", Json.write(rows)).getResultList())
                .map(Set::copyOf);
    }

    /** Records lines an import did not place (one statement); a line recorded before stays as it was. */
    public Uni<Void> refuse(String importId, Collection<ImportLine.Refused> refusals) {
        if (refusals.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        MultiRowSql sql = MultiRowSql.values("insert into import_errors (import_id, line, external_id, reason) values",
                refusals.stream().map(r -> new Object[] {importId, r.line(), r.externalId(), r.reason()}).toList(),
                "on conflict do nothing");
        return Panache.getSession().chain(s -> sql.bind(s.createNativeQuery(sql.sql())).executeUpdate()).replaceWithVoid();
    }

    /** The lines an import did not place, in file order, after a line. */
    public Uni<List<ImportLine.Refused>> refusals(String importId, long afterLine, int limit) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select line, external_id, reason from import_errors"
                                + " where import_id = :id and line > :after order by line limit :limit", Object[].class)
                        .setParameter("id", importId).setParameter("after", afterLine).setParameter("limit", limit)
                        .getResultList())
                .map(rows -> rows.stream().map(r -> new ImportLine.Refused(((Number) r[0]).longValue(), (String) r[1], (String) r[2]))
                        .toList());
    }

    /** Whether any order the import placed is still under way (an index probe that stops at the first). */
    public Uni<Boolean> anyUnderWay(String importId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select exists (select 1 from orders where import_id = :id"
                + " and status in ('PLACED', 'RESERVED', 'PAID'))", Boolean.class).setParameter("id", importId).getSingleResult());
    }

    /** How many of the orders an import placed are in each status now. */
    public Uni<Map<OrderStatus, Long>> ordersByStatus(String importId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select status, count(*) from orders where import_id = :id"
                        + " group by status", Object[].class).setParameter("id", importId).getResultList())
                .map(rows -> {
                    Map<OrderStatus, Long> counts = new EnumMap<>(OrderStatus.class);
                    rows.forEach(r -> counts.put(OrderStatus.valueOf((String) r[0]), ((Number) r[1]).longValue()));
                    return counts;
                });
    }

    /** Orders of every channel placed and not yet ended: how much the pipeline has still to do. */
    public Uni<Long> ordersUnderWay() {
        return Panache.getSession().chain(s -> s.createNativeQuery("select count(*) from orders where status in"
                + " ('PLACED', 'RESERVED', 'PAID')", Long.class).getSingleResult());
    }

    private static Import read(Object[] r) {
        return new Import((String) r[0], (String) r[1], (String) r[2], Import.Format.valueOf((String) r[3]), (String) r[4],
                SqlValues.instant(r[5]), SqlValues.instant(r[6]), ((Number) r[7]).longValue(), ((Number) r[8]).longValue(),
                ((Number) r[9]).longValue(), ((Number) r[10]).longValue(), SqlValues.instant(r[11]), SqlValues.instant(r[12]));
    }
}
