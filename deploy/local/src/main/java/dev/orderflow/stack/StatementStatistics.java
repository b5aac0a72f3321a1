package dev.orderflow.stack;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What PostgreSQL spent on each statement of each database over an interval, from {@code pg_stat_statements}
 * (preloaded by the stack's PostgreSQL): the benchmark's {@code --profile} resets it when the measured interval
 * starts and reads it when it ends. Execution time is the time inside the server from a statement's start to its
 * end, lock waits and a COMMIT's wait for its WAL flush included; parsing, planning and the protocol are not.
 */
final class StatementStatistics {

    /** One normalised statement (constants as $n) of one database. */
    record Cost(String database, String statement, long calls, double executionMs, long rows) {
    }

    /** A database's statements, the costliest first, and what all of its statements took together. */
    record Database(String name, long calls, double executionMs, List<Cost> costliest) {
    }

    private static final String READ = """
            SELECT d.datname, s.query, s.calls, s.total_exec_time, s.rows
            FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE s.toplevel AND s.calls > 0
            ORDER BY s.total_exec_time DESC""";

    private final Postgres postgres;

    StatementStatistics(Postgres postgres) {
        this.postgres = postgres;
    }

    void reset() {
        try (Connection connection = postgres.superuser(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_stat_statements_reset()");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset pg_stat_statements: " + e.getMessage(), e);
        }
    }

    /** Every database that ran statements since {@link #reset()}, the busiest first, each with its {@code top} costliest. */
    List<Database> read(int top) {
        // database -> statement shape -> its cost summed over the batch sizes it was run with
        Map<String, Map<String, Cost>> byDatabase = new LinkedHashMap<>();
        try (Connection connection = postgres.superuser(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(READ)) {
            while (rows.next()) {
                Cost cost = new Cost(rows.getString(1), shape(rows.getString(2)), rows.getLong(3), rows.getDouble(4), rows.getLong(5));
                byDatabase.computeIfAbsent(cost.database(), d -> new LinkedHashMap<>()).merge(cost.statement(), cost,
                        (a, b) -> new Cost(a.database(), a.statement(), a.calls() + b.calls(), a.executionMs() + b.executionMs(),
                                a.rows() + b.rows()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read pg_stat_statements: " + e.getMessage(), e);
        }
        List<Database> databases = new ArrayList<>();
        byDatabase.forEach((name, shapes) -> {
            List<Cost> costs = shapes.values().stream().sorted((a, b) -> Double.compare(b.executionMs(), a.executionMs())).toList();
            databases.add(new Database(name, costs.stream().mapToLong(Cost::calls).sum(),
                    costs.stream().mapToDouble(Cost::executionMs).sum(), costs.subList(0, Math.min(top, costs.size()))));
        });
        databases.sort((a, b) -> Double.compare(b.executionMs(), a.executionMs()));
        return databases;
    }

    /**
     * The statement on one line with its parameter lists and rows of parameters folded ({@code in ($n, ...)},
     * {@code values ($n, $n), ...}): the services batch with one statement per batch size, which PostgreSQL counts as
     * a statement each.
     */
    static String shape(String sql) {
        // Scanned, not matched with a repeated group: Java's regex engine recurses once per repetition, and a batch
        // of some thousand parameters overflowed the stack.
        String line = sql.replaceAll("\\s+", " ").trim().replaceAll("\\$\\d+", "\\$n");
        return foldRepeats(foldRepeats(line, StatementStatistics::parameter, true), StatementStatistics::row, false);
    }

    /** Where a thing that {@link #foldRepeats} folds ends, when one starts at {@code from}; or -1. */
    private interface Extent {
        int end(String line, int from);
    }

    /**
     * Each run of two or more things separated by a comma (and a space) as the first of them and {@code , ...}; with
     * {@code same}, only a run of equal things ({@code $n::uuid, $n::uuid}, not {@code $n, $n::uuid}).
     */
    private static String foldRepeats(String line, Extent extent, boolean same) {
        StringBuilder folded = new StringBuilder(line.length());
        int at = 0;
        while (at < line.length()) {
            int end = extent.end(line, at);
            if (end < 0) {
                folded.append(line.charAt(at++));
                continue;
            }
            String first = line.substring(at, end);
            boolean repeated = false;
            while (true) {
                int next = end < line.length() && line.charAt(end) == ',' ? end + 1 : -1;
                if (next < 0) {
                    break;
                }
                next += next < line.length() && line.charAt(next) == ' ' ? 1 : 0;
                int nextEnd = extent.end(line, next);
                if (nextEnd < 0 || same && !line.substring(next, nextEnd).equals(first)) {
                    break;
                }
                end = nextEnd;
                repeated = true;
            }
            folded.append(first).append(repeated ? ", ..." : "");
            at = end;
        }
        return folded.toString();
    }

    /** A parameter, {@code $n} or {@code $n::type}, not followed by more of a name or a cast. */
    private static int parameter(String line, int from) {
        if (!line.startsWith("$n", from)) {
            return -1;
        }
        int end = from + 2;
        if (line.startsWith("::", end) && end + 2 < line.length() && isWord(line.charAt(end + 2))) {
            end += 2;
            while (end < line.length() && isWord(line.charAt(end))) {
                end++;
            }
        }
        return end < line.length() && (line.charAt(end) == ':' || isWord(line.charAt(end))) ? -1 : end;
    }

    /** A row of parameters: parentheses holding a parameter and no parentheses. */
    private static int row(String line, int from) {
        if (line.charAt(from) != '(') {
            return -1;
        }
        int close = line.indexOf(')', from + 1);
        int open = line.indexOf('(', from + 1);
        if (close < 0 || open >= 0 && open < close || line.substring(from, close).indexOf("$n") < 0) {
            return -1;
        }
        return close + 1;
    }

    private static boolean isWord(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** Cut short for a line of output: enough to recognise the statement in the code. */
    private static String brief(String shape) {
        return shape.length() <= 160 ? shape : shape.substring(0, 157) + "...";
    }

    /** Per order: how often, how long in all and each time, and how many rows each call touched. */
    static Map<String, Object> perOrder(Cost cost, int orders) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("statement", brief(cost.statement()));
        json.put("callsPerOrder", round(cost.calls() / (double) orders));
        json.put("executionMsPerOrder", round(cost.executionMs() / orders));
        json.put("meanMs", round(cost.executionMs() / cost.calls()));
        json.put("rowsPerCall", round(cost.rows() / (double) cost.calls()));
        return json;
    }

    static String format(Cost cost, int orders) {
        return String.format(Locale.ROOT, "%6.2f calls %7.3f ms %7.3f ms/call %6.1f rows/call  %s", cost.calls() / (double) orders,
                cost.executionMs() / orders, cost.executionMs() / cost.calls(), cost.rows() / (double) cost.calls(), brief(cost.statement()));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
