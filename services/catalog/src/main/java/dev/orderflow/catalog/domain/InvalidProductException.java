package dev.orderflow.catalog.domain;

/** A product that breaks a catalog rule; the message says which. */
public class InvalidProductException extends RuntimeException {

    public InvalidProductException(String message) {
        super(message);
    }
}
