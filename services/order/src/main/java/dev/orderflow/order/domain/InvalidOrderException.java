package dev.orderflow.order.domain;

/** An order that cannot be placed as asked (unknown product, inactive customer, mixed currencies, ...). */
public class InvalidOrderException extends RuntimeException {
    public InvalidOrderException(String message) {
        super(message);
    }
}
