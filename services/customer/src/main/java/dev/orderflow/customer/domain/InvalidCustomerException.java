package dev.orderflow.customer.domain;

/** A customer that breaks a rule; the message says which. */
public class InvalidCustomerException extends RuntimeException {

    public InvalidCustomerException(String message) {
        super(message);
    }
}
