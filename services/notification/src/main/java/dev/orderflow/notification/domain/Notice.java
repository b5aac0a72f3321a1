package dev.orderflow.notification.domain;

import java.util.Objects;

/**
 * A customer-visible transition of an order, with what the customer should be told.
 *
 * @param detail the transition's particulars for people (total, tracking number, reason), or null
 */
public record Notice(String orderId, Transition transition, String customerName, String email, String detail) {

    /** The transitions a customer hears about: each at most once per order. */
    public enum Transition { PLACED, CONFIRMED, REJECTED, CANCELLED }

    public Notice {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(transition, "transition");
        if (email == null || !email.contains("@")) {
            throw new IllegalArgumentException("no address to notify for order " + orderId + ": " + email);
        }
    }
}
