package dev.orderflow.inventory.domain;

import java.time.Instant;
import java.util.List;

/** Stock held for one order until it is paid (confirmed), given back (released) or its time runs out (expired). */
public record Reservation(String id, String orderId, List<ReservationLine> lines, Status status, Instant expiresAt) {

    public enum Status {
        /** Holding stock, waiting for payment; expires at {@code expiresAt}. */
        HELD,
        /** Paid: holds its stock without expiring until the order ships or is compensated. */
        CONFIRMED,
        /** Given back because the order will not be fulfilled. */
        RELEASED,
        /** Given back because no payment came in time. */
        EXPIRED;

        public boolean holdsStock() {
            return this == HELD || this == CONFIRMED;
        }
    }

    public Reservation {
        lines = List.copyOf(lines);
    }

    Reservation with(Status newStatus) {
        return new Reservation(id, orderId, lines, newStatus, expiresAt);
    }
}
