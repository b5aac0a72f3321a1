package dev.orderflow.order.domain;

/** A request the order cannot take in its current status (e.g. cancelling a confirmed order). */
public class IllegalTransitionException extends RuntimeException {
    public IllegalTransitionException(String message) {
        super(message);
    }
}
