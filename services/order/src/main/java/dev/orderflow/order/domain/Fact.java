package dev.orderflow.order.domain;

import java.time.Instant;

/** What another service reports about an order, as far as the order's status depends on it. */
public sealed interface Fact {

    record StockReserved(String reservationId, Instant expiresAt) implements Fact {
    }

    record StockUnavailable(String detail) implements Fact {
    }

    record ReservationExpired() implements Fact {
    }

    record PaymentAuthorized(String paymentId, long amountMinor) implements Fact {
    }

    /** @param declined the gateway said no (rather than failing to answer) */
    record PaymentFailed(boolean declined, String detail) implements Fact {
    }

    record ShipmentScheduled(String shipmentId, String carrier, String trackingNumber) implements Fact {
    }

    record ShipmentFailed(String detail) implements Fact {
    }

    /** A fact the order records on its timeline without a change of status (a release, a refund, ...). */
    record Noted() implements Fact {
    }
}
