package dev.orderflow.messaging;

import java.io.IOException;
import java.util.Set;

import io.vertx.pgclient.PgException;
import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleStateException;

/**
 * Tells failures worth retrying (the database or network briefly away, a lost race) from the rest,
 * by the type of the failure and its causes, never by the text of an arbitrary message: an event
 * whose key or data says "Connection refused" is the event's problem, not the network's.
 */
public final class Transience {

    /** SQLSTATE classes and codes that a retry can fix. */
    private static final Set<String> TRANSIENT_STATES = Set.of(
            "40001", // serialization_failure
            "40P01", // deadlock_detected
            "55P03", // lock_not_available
            "57P01", // admin_shutdown
            "57P02", // crash_shutdown
            "57P03", // cannot_connect_now
            "53300", // too_many_connections
            "53200"); // out_of_memory

    private Transience() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg) {
                String state = pg.getSqlState();
                return state != null && (state.startsWith("08") || TRANSIENT_STATES.contains(state));
            }
            if (t instanceof IOException || t instanceof OptimisticLockException || t instanceof StaleStateException
                    || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof io.vertx.core.VertxException && String.valueOf(t.getMessage()).contains("closed")
                    || t.getClass().getName().endsWith("ClosedConnectionException")) {
                return true;
            }
        }
        return false;
    }
}
