package dev.orderflow.payment.clients;

/** The gateway did not give a usable answer (5xx, unexpected status, no connection): worth retrying. */
public class GatewayUnavailableException extends RuntimeException {
    public GatewayUnavailableException(String message) {
        super(message);
    }

    public GatewayUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
