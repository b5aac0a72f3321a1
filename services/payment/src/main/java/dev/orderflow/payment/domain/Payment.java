package dev.orderflow.payment.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The payment of one order. It is requested when the order's stock is held, authorized (or not)
 * by the gateway, and refunded when the order is undone after the money was taken. An order that
 * ends while its authorization is in flight gets the money back as soon as the authorization lands.
 */
public record Payment(String id, String orderId, String customerId, long amountMinor, String currency, Status status,
                      String gatewayReference, String detail, boolean orderEnded, Instant updatedAt) {

    public enum Status {
        /** Waiting for the gateway's answer. */
        REQUESTED,
        /** Paid by invoice: waiting for the customer's bank transfer. */
        AWAITING_TRANSFER,
        AUTHORIZED,
        /** The gateway said no. */
        DECLINED,
        /** The customer has no payment method on file, or the gateway answered every attempt with a failure. */
        FAILED,
        /**
         * An attempt got no answer (a timeout, a broken connection): the payment failed, but the gateway may have
         * authorized it all the same. The same request (same idempotency key) is sent again until
         * the gateway answers, and what it authorized is refunded.
         */
        FAILED_IN_DOUBT,
        /** Failed in doubt, then settled with the gateway: nothing stays authorized. */
        REVERSED,
        /** The order ended before the gateway was asked: nothing was charged. */
        VOIDED,
        /** Authorized, then the order was undone: the money goes back. */
        REFUND_PENDING,
        REFUNDED
    }

    /** What others learn about a payment. */
    public sealed interface Fact {
        record Authorized(Payment payment) implements Fact {
        }

        record Failed(Payment payment, FailureReason reason) implements Fact {
        }

        record Refunded(Payment payment, String cause) implements Fact {
        }
    }

    public enum FailureReason { DECLINED, GATEWAY_UNAVAILABLE, OTHER }

    /** The gateway call a decision makes due. */
    public enum FollowUp {
        NONE,
        /** Refund the authorization (its reference is known). */
        REFUND,
        /** Ask the gateway again what became of an unanswered authorization, and refund it if it was made. */
        REVERSAL
    }

    /** The payment after a decision, what others learn, and the gateway call it makes due. */
    public record Transition(Payment payment, List<Fact> facts, FollowUp followUp) {

        public boolean refundDue() {
            return followUp == FollowUp.REFUND;
        }

        public boolean reversalDue() {
            return followUp == FollowUp.REVERSAL;
        }
    }

    public Payment {
        Objects.requireNonNull(id, "id");
        if (amountMinor < 0) {
            throw new IllegalArgumentException("amount must not be negative");
        }
    }

    public static Payment request(String id, String orderId, String customerId, long amountMinor, String currency, Instant now) {
        return new Payment(id, orderId, customerId, amountMinor, currency, Status.REQUESTED, null, null, false, now);
    }

    /** Whether the gateway should be asked now. */
    public boolean awaitsAuthorization() {
        return status == Status.REQUESTED;
    }

    public boolean awaitsRefund() {
        return status == Status.REFUND_PENDING;
    }

    public boolean awaitsReversal() {
        return status == Status.FAILED_IN_DOUBT;
    }

    /**
     * The gateway's answer. Applies to a requested payment, and to one voided while the call was in
     * flight (then authorized money is refunded at once). No answer in time leaves the payment in
     * doubt, to be reversed, whether or not others are told it failed.
     */
    public Transition authorizationResult(AuthorizationResult result, Instant now) {
        if (status != Status.REQUESTED && status != Status.VOIDED) {
            return new Transition(this, List.of(), FollowUp.NONE); // answered before (a repeated call)
        }
        return switch (result) {
            case AuthorizationResult.Authorized a -> {
                Payment authorized = with(orderEnded ? Status.REFUND_PENDING : Status.AUTHORIZED, a.reference(), null, now);
                yield new Transition(authorized, List.of(new Fact.Authorized(authorized)),
                        orderEnded ? FollowUp.REFUND : FollowUp.NONE);
            }
            case AuthorizationResult.Declined d -> status == Status.VOIDED ? new Transition(this, List.of(), FollowUp.NONE)
                    : failed(Status.DECLINED, FailureReason.DECLINED, d.reason(), now);
            case AuthorizationResult.Unavailable u when u.inDoubt() -> status == Status.VOIDED
                    ? new Transition(with(Status.FAILED_IN_DOUBT, null, u.detail(), now), List.of(), FollowUp.REVERSAL)
                    : failed(Status.FAILED_IN_DOUBT, FailureReason.GATEWAY_UNAVAILABLE, u.detail(), now);
            case AuthorizationResult.Unavailable u -> status == Status.VOIDED ? new Transition(this, List.of(), FollowUp.NONE)
                    : failed(Status.FAILED, FailureReason.GATEWAY_UNAVAILABLE, u.detail(), now);
            case AuthorizationResult.NoPaymentMethod n -> status == Status.VOIDED ? new Transition(this, List.of(), FollowUp.NONE)
                    : failed(Status.FAILED, FailureReason.OTHER, n.detail(), now);
            case AuthorizationResult.AwaitingTransfer w -> status == Status.VOIDED ? new Transition(this, List.of(), FollowUp.NONE)
                    : new Transition(with(Status.AWAITING_TRANSFER, null, null, now), List.of(), FollowUp.NONE);
        };
    }

    /**
     * The customer's bank transfer arrived for a payment by invoice.
     *
     * @throws IllegalStateException if the payment is not waiting for one (the order ended, or it is paid)
     */
    public Transition transferReceived(String reference, Instant now) {
        if (status != Status.AWAITING_TRANSFER) {
            throw new IllegalStateException("payment " + id + " of order " + orderId + " is " + status
                    + ", not waiting for a transfer");
        }
        Payment authorized = with(Status.AUTHORIZED, reference, null, now);
        return new Transition(authorized, List.of(new Fact.Authorized(authorized)), FollowUp.NONE);
    }

    /** The order was cancelled, rejected or failed: whatever was charged goes back. */
    public Transition orderEnded(Instant now) {
        if (orderEnded) {
            return new Transition(this, List.of(), FollowUp.NONE);
        }
        return switch (status) {
            case REQUESTED, AWAITING_TRANSFER -> new Transition(new Payment(id, orderId, customerId, amountMinor, currency, Status.VOIDED,
                    gatewayReference, detail, true, now), List.of(), FollowUp.NONE);
            case AUTHORIZED -> new Transition(new Payment(id, orderId, customerId, amountMinor, currency,
                    Status.REFUND_PENDING, gatewayReference, detail, true, now), List.of(), FollowUp.REFUND);
            default -> new Transition(new Payment(id, orderId, customerId, amountMinor, currency, status, gatewayReference,
                    detail, true, now), List.of(), FollowUp.NONE);
        };
    }

    /**
     * The gateway, asked again, answered for a payment in doubt: {@code outcome} says what it had
     * authorized and how that was given back (or that it authorized nothing).
     */
    public Transition reversed(String outcome, Instant now) {
        if (status != Status.FAILED_IN_DOUBT) {
            return new Transition(this, List.of(), FollowUp.NONE);
        }
        return new Transition(with(Status.REVERSED, null, detail + "; " + outcome, now), List.of(), FollowUp.NONE);
    }

    public Transition refunded(String cause, Instant now) {
        if (status != Status.REFUND_PENDING) {
            return new Transition(this, List.of(), FollowUp.NONE);
        }
        Payment refunded = with(Status.REFUNDED, gatewayReference, detail, now);
        return new Transition(refunded, List.of(new Fact.Refunded(refunded, cause)), FollowUp.NONE);
    }

    /** Failed, and told so; a payment failed in doubt is then asked about again. */
    private Transition failed(Status next, FailureReason reason, String why, Instant now) {
        Payment failed = with(next, null, why, now);
        return new Transition(failed, List.of(new Fact.Failed(failed, reason)),
                next == Status.FAILED_IN_DOUBT ? FollowUp.REVERSAL : FollowUp.NONE);
    }

    private Payment with(Status next, String reference, String why, Instant now) {
        return new Payment(id, orderId, customerId, amountMinor, currency, next, reference, why, orderEnded, now);
    }
}
