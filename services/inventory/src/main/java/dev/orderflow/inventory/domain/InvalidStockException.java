package dev.orderflow.inventory.domain;

/** A stock adjustment the rules refuse (the API answers it with 400 and this message). */
public class InvalidStockException extends IllegalArgumentException {

    public InvalidStockException(String message) {
        super(message);
    }
}
