package dev.orderflow.order.domain;

/** A customer's order that would pass one of their placement limits ({@link PlacementLimits}); 429 with the reason. */
public class TooManyOrdersException extends RuntimeException {
    public TooManyOrdersException(String reason) {
        super(reason);
    }
}
