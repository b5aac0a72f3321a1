package dev.orderflow.messaging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hibernate.reactive.mutiny.Mutiny;

/**
 * A set-based statement with a multi-row VALUES list, one named parameter per cell, for native
 * queries through the Hibernate Reactive session (so it runs in the caller's transaction):
 *
 * <pre>{@code
 * MultiRowSql insert = MultiRowSql.values("insert into inbox (consumer, event_id) values", rows,
 *         "on conflict do nothing returning event_id");
 * insert.bind(session.createNativeQuery(insert.sql(), String.class)).getResultList();
 * }</pre>
 */
public final class MultiRowSql {

    private final String sql;
    private final Map<String, Object> parameters;

    private MultiRowSql(String sql, Map<String, Object> parameters) {
        this.sql = sql;
        this.parameters = parameters;
    }

    /**
     * @param head what comes before the rows, ending in {@code values}
     * @param rows one array per row, its cells in the order of the head's columns
     * @param tail what comes after the rows (an ON CONFLICT or RETURNING clause), or empty
     */
    public static MultiRowSql values(String head, List<Object[]> rows, String tail) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a VALUES list needs at least one row");
        }
        StringBuilder sql = new StringBuilder(head).append(' ');
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (int row = 0; row < rows.size(); row++) {
            sql.append(row == 0 ? "(" : ", (");
            Object[] cells = rows.get(row);
            for (int column = 0; column < cells.length; column++) {
                String name = "p" + row + "_" + column;
                sql.append(column == 0 ? ":" : ", :").append(name);
                parameters.put(name, cells[column]);
            }
            sql.append(')');
        }
        if (!tail.isEmpty()) {
            sql.append(' ').append(tail);
        }
        return new MultiRowSql(sql.toString(), parameters);
    }

    public String sql() {
        return sql;
    }

    /** Binds every cell to the query created from {@link #sql()}. */
    public <Q extends Mutiny.AbstractQuery> Q bind(Q query) {
        parameters.forEach(query::setParameter);
        return query;
    }
}
