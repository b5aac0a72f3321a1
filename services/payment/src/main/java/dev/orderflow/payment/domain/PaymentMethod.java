package dev.orderflow.payment.domain;

/**
 * A customer's payment method as the payment service knows it from its replica.
 *
 * @param token the gateway token (card or wallet), or null if none is on file
 */
public record PaymentMethod(String customerId, String method, String token, boolean active) {

    /** Invoice customers pay by bank transfer after the order: no card to authorize. */
    public boolean paysByInvoice() {
        return active && "INVOICE".equals(method);
    }

    public boolean canPay() {
        return active && token != null && !token.isBlank();
    }
}
