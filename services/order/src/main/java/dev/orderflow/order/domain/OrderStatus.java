package dev.orderflow.order.domain;

/** Where an order stands. The last five are terminal: no fact changes them any more. */
public enum OrderStatus {
    /** Accepted; waiting for the stock to be held. */
    PLACED,
    /** Stock held; waiting for the payment. */
    RESERVED,
    /** Payment authorized; waiting for the carrier. */
    PAID,
    /** Paid and a shipment scheduled. */
    CONFIRMED,
    /** Out of stock, or the payment was declined or failed. */
    REJECTED,
    /** The carrier could not take the shipment; what was done is undone. */
    FAILED,
    /** Not paid while the stock was held. */
    EXPIRED,
    /** Cancelled by the customer before it was confirmed. */
    CANCELLED;

    public boolean isTerminal() {
        return ordinal() >= CONFIRMED.ordinal();
    }
}
