package dev.orderflow.shipping.domain;

/** What shipping learns about an order from the other services, in its own terms (translated from their events). */
public sealed interface OrderFact {

    String orderId();

    /** The order's stock is committed to it (it was paid in time): it is to be shipped there. */
    record StockCommitted(String orderId, Destination destination, int units) implements OrderFact {
    }

    /** The order was cancelled or rejected: it must not be shipped. */
    record Ended(String orderId) implements OrderFact {
    }
}
