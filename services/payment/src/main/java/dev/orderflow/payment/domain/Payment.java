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
        /** The gateway could not be reached, or the customer has no payment method on file. */
        FAILED,
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

    /** The payment after a decision, what others learn, and whether a refund must now be made. */
    public record Transition(Payment payment, List<Fact> facts, boolean refundDue) {
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

    /**
     * The gateway's answer. Applies to a requested payment, and to one voided while the call was in
     * flight (then authorized money is refunded at once).
     */
    public Transition authorizationResult(AuthorizationResult result, Instant now) {
        if (status != Status.REQUESTED && status != Status.VOIDED) {
            return new Transition(this, List.of(), false); // answered before (a repeated call)
        }
        return switch (result) {
            case AuthorizationResult.Authorized a -> {
                Payment authorized = with(orderEnded ? Status.REFUND_PENDING : Status.AUTHORIZED, a.reference(), null, now);
                yield new Transition(authorized, List.of(new Fact.Authorized(authorized)), orderEnded);
            }
            case AuthorizationResult.Declined d -> status == Status.VOIDED ? new Transition(this, List.of(), false)
                    : failed(Status.DECLINED, FailureReason.DECLINED, d.reason(), now);
            case AuthorizationResult.Unavailable u -> status == Status.VOIDED ? new Transition(this, List.of(), false)
                    : failed(Status.FAILED, FailureReason.GATEWAY_UNAVAILABLE, u.detail(), now);
            case AuthorizationResult.NoPaymentMethod n -> status == Status.VOIDED ? new Transition(this, List.of(), false)
                    : failed(Status.FAILED, FailureReason.OTHER, n.detail(), now);
            case AuthorizationResult.AwaitingTransfer w -> status == Status.VOIDED ? new Transition(this, List.of(), false)
                    : new Transition(with(Status.AWAITING_TRANSFER, null, null, now), List.of(), false);
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
        return new Transition(authorized, List.of(new Fact.Authorized(authorized)), false);
    }

    /** The order was cancelled, rejected or failed: whatever was charged goes back. */
    public Transition orderEnded(Instant now) {
        if (orderEnded) {
            return new Transition(this, List.of(), false);
        }
        return switch (status) {
            case REQUESTED, AWAITING_TRANSFER -> new Transition(new Payment(id, orderId, customerId, amountMinor, currency, Status.VOIDED,
                    gatewayReference, detail, true, now), List.of(), false);
            case AUTHORIZED -> new Transition(new Payment(id, orderId, customerId, amountMinor, currency,
                    Status.REFUND_PENDING, gatewayReference, detail, true, now), List.of(), true);
            default -> new Transition(new Payment(id, orderId, customerId, amountMinor, currency, status, gatewayReference,
                    detail, true, now), List.of(), false);
        };
    }

    public Transition refunded(String cause, Instant now) {
        if (status != Status.REFUND_PENDING) {
            return new Transition(this, List.of(), false);
        }
        Payment refunded = with(Status.REFUNDED, gatewayReference, detail, now);
        return new Transition(refunded, List.of(new Fact.Refunded(refunded, cause)), false);
    }

    private Transition failed(Status next, FailureReason reason, String why, Instant now) {
        Payment failed = with(next, null, why, now);
        return new Transition(failed, List.of(new Fact.Failed(failed, reason)), false);
    }

    private Payment with(Status next, String reference, String why, Instant now) {
        return new Payment(id, orderId, customerId, amountMinor, currency, next, reference, why, orderEnded, now);
    }
}
