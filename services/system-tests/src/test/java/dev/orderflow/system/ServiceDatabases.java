package dev.orderflow.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.stack.StackConfig;

/**
 * What the services themselves recorded, read from their own databases (each with its own login),
 * so that the invariants are checked against the services' books and not only against what their
 * APIs choose to show.
 */
final class ServiceDatabases {

    /** An order as the order service keeps it; {@code units} by SKU. */
    record OrderRow(String id, String status, long totalMinor, Map<String, Integer> units) {

        boolean terminal() {
            return List.of("CONFIRMED", "REJECTED", "FAILED", "EXPIRED", "CANCELLED").contains(status);
        }
    }

    /** A reservation as inventory keeps it; {@code units} by SKU. */
    record ReservationRow(String orderId, String status, Map<String, Integer> units) {
    }

    /** A payment as the payment service keeps it. */
    record PaymentRow(String id, String orderId, long amountMinor, String status) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StackConfig config;

    ServiceDatabases(StackConfig config) {
        this.config = config;
    }

    Map<String, OrderRow> orders(Collection<String> ids) {
        Map<String, OrderRow> orders = new HashMap<>();
        query("order", "select id, status, total_minor, lines from orders where id = any(?)", ids, rs -> {
            Map<String, Integer> units = new HashMap<>();
            for (JsonNode line : json(rs.getString(4))) {
                units.merge(line.path("sku").asText(), line.path("quantity").asInt(), Integer::sum);
            }
            orders.put(rs.getString(1), new OrderRow(rs.getString(1), rs.getString(2), rs.getLong(3), units));
        });
        return orders;
    }

    /** The orders an import placed: id and the customer's e-mail, and how many times each external id was placed. */
    Map<String, String> importedOrders(String importId, Map<String, Integer> placementsByExternalId) {
        Map<String, String> orders = new HashMap<>();
        query("order", "select id, customer, external_id from orders where import_id = any(?)", List.of(importId), rs -> {
            orders.put(rs.getString(1), json(rs.getString(2)).path("email").asText());
            placementsByExternalId.merge(rs.getString(3), 1, Integer::sum);
        });
        return orders;
    }

    /** {available, reserved} by SKU. */
    Map<String, int[]> stock(Collection<String> skus) {
        Map<String, int[]> stock = new HashMap<>();
        query("inventory", "select sku, available, reserved from stock where sku = any(?)", skus,
                rs -> stock.put(rs.getString(1), new int[] {rs.getInt(2), rs.getInt(3)}));
        return stock;
    }

    Map<String, ReservationRow> reservations(Collection<String> orderIds) {
        Map<String, ReservationRow> reservations = new HashMap<>();
        query("inventory", "select r.order_id, r.status, l.sku, l.quantity from reservations r"
                + " join reservation_lines l on l.reservation_id = r.id where r.order_id = any(?)", orderIds,
                rs -> {
                    String status = rs.getString(2);
                    reservations.computeIfAbsent(rs.getString(1), id -> new ReservationRow(id, status, new HashMap<>()))
                            .units().merge(rs.getString(3), rs.getInt(4), Integer::sum);
                });
        return reservations;
    }

    /** By order id. */
    Map<String, PaymentRow> payments(Collection<String> orderIds) {
        Map<String, PaymentRow> payments = new HashMap<>();
        query("payment", "select id, order_id, amount_minor, status from payments where order_id = any(?)", orderIds,
                rs -> payments.put(rs.getString(2), new PaymentRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4))));
        return payments;
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String database, String sql, Collection<String> keys, Row row) {
        try (Connection connection = DriverManager.getConnection(config.postgresJdbcUrl(database), database, database);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the " + database + " database: " + e.getMessage(), e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON in the order database: " + text, e);
        }
    }
}
