package dev.orderflow.customer.domain;

/**
 * How the customer prefers to pay: a method and the payment gateway's token for it (never card
 * data). Card and wallet payments need a token; invoice does not.
 */
public record PaymentPreference(Method method, String token) {

    public enum Method { CARD, INVOICE, WALLET }

    public PaymentPreference {
        if (method == null) {
            throw new InvalidCustomerException("payment method is required (CARD, INVOICE or WALLET)");
        }
        token = token == null || token.isBlank() ? null : token.strip();
        if (method != Method.INVOICE && token == null) {
            throw new InvalidCustomerException("a " + method + " payment needs the gateway's token");
        }
        if (token != null && token.length() > 200) {
            throw new InvalidCustomerException("payment token is at most 200 characters");
        }
    }
}
