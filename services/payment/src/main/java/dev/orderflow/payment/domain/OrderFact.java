package dev.orderflow.payment.domain;

/** What payment learns about an order from the other services, in its own terms (translated from their events). */
public sealed interface OrderFact {

    String orderId();

    /**
     * Stock is held for the order: its total is to be taken from the customer.
     *
     * @param reservation the reservation as received, kept as it is (opaque here) to pass the order on once authorized
     */
    record StockReserved(String orderId, String customerId, long totalMinor, String currency, byte[] reservation)
            implements OrderFact {
    }

    /** The order is over for payment (cancelled, rejected, or its shipment failed), for the reason given. */
    record Ended(String orderId, String cause) implements OrderFact {
    }
}
