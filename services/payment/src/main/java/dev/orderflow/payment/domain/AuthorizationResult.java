package dev.orderflow.payment.domain;

/** What the payment gateway answered to an authorization. */
public sealed interface AuthorizationResult {

    record Authorized(String reference) implements AuthorizationResult {
    }

    /** The gateway refused (insufficient funds, card blocked, ...). */
    record Declined(String reason) implements AuthorizationResult {
    }

    /**
     * The gateway did not answer usefully, even after retries.
     *
     * @param inDoubt whether an attempt went without any answer, so that the gateway may have authorized it unseen
     */
    record Unavailable(String detail, boolean inDoubt) implements AuthorizationResult {
    }

    /** Nothing to charge with: the customer has no card or wallet token on file. */
    record NoPaymentMethod(String detail) implements AuthorizationResult {
    }

    /** The customer pays by invoice: nothing to authorize now; the payment waits for the bank transfer. */
    record AwaitingTransfer() implements AuthorizationResult {
    }
}
