package dev.orderflow.shipping.clients;

/** The carrier did not give a usable answer (5xx, unexpected status, no connection): worth retrying. */
public class CarrierUnavailableException extends RuntimeException {
    public CarrierUnavailableException(String message) {
        super(message);
    }

    public CarrierUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
