package dev.orderflow.shipping.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The shipment of one paid order. It is requested when the payment is authorized, scheduled (or
 * not) by the carrier, and cancelled at the carrier when the order is undone; an order that ends
 * while the request is in flight has its shipment cancelled as soon as the carrier confirms it.
 */
public record Shipment(String id, String orderId, Destination destination, int units, Status status,
                       String carrierShipmentId, String carrier, String trackingNumber, LocalDate estimatedDelivery,
                       String detail, boolean orderEnded, Instant updatedAt) {

    public enum Status {
        /** Waiting for the carrier's answer. */
        REQUESTED,
        SCHEDULED,
        /** The carrier refused the shipment, or answered every attempt with a failure. */
        FAILED,
        /**
         * An attempt got no answer (a timeout, a broken connection): the shipment failed, but the carrier may have
         * scheduled it all the same. The same request (same idempotency key) is sent again until
         * the carrier answers, and what it scheduled is cancelled.
         */
        FAILED_IN_DOUBT,
        /** Failed in doubt, then settled with the carrier: nothing stays scheduled. */
        REVERSED,
        /** The order ended before the carrier was asked: nothing to cancel. */
        VOIDED,
        /** Scheduled, then the order was undone: the carrier is being told. */
        CANCEL_PENDING,
        CANCELLED
    }

    /** What others learn about a shipment. */
    public sealed interface Fact {
        record Scheduled(Shipment shipment) implements Fact {
        }

        record Failed(Shipment shipment) implements Fact {
        }

        record Cancelled(Shipment shipment) implements Fact {
        }
    }

    /** The carrier call a decision makes due. */
    public enum FollowUp {
        NONE,
        /** Cancel the scheduled shipment (its carrier id is known). */
        CANCEL,
        /** Ask the carrier again what became of an unanswered request, and cancel the shipment if it was scheduled. */
        REVERSAL
    }

    /** The shipment after a decision, what others learn, and the carrier call it makes due. */
    public record Transition(Shipment shipment, List<Fact> facts, FollowUp followUp) {

        public boolean cancelDue() {
            return followUp == FollowUp.CANCEL;
        }

        public boolean reversalDue() {
            return followUp == FollowUp.REVERSAL;
        }
    }

    public Shipment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(destination, "destination");
    }

    public static Shipment request(String id, String orderId, Destination destination, int units, Instant now) {
        if (units <= 0) {
            throw new IllegalArgumentException("a shipment needs at least one unit");
        }
        return new Shipment(id, orderId, destination, units, Status.REQUESTED, null, null, null, null, null, false, now);
    }

    public boolean awaitsScheduling() {
        return status == Status.REQUESTED;
    }

    public boolean awaitsCancellation() {
        return status == Status.CANCEL_PENDING;
    }

    public boolean awaitsReversal() {
        return status == Status.FAILED_IN_DOUBT;
    }

    public Transition scheduleResult(ScheduleResult result, Instant now) {
        if (status != Status.REQUESTED && status != Status.VOIDED) {
            return unchanged();
        }
        return switch (result) {
            case ScheduleResult.Scheduled s -> {
                Shipment scheduled = new Shipment(id, orderId, destination, units,
                        orderEnded ? Status.CANCEL_PENDING : Status.SCHEDULED, s.carrierShipmentId(), s.carrier(),
                        s.trackingNumber(), s.estimatedDelivery(), null, orderEnded, now);
                yield new Transition(scheduled, List.of(new Fact.Scheduled(scheduled)), orderEnded ? FollowUp.CANCEL : FollowUp.NONE);
            }
            case ScheduleResult.Refused r -> status == Status.VOIDED ? unchanged() : failed(Status.FAILED, r.reason(), now);
            // An attempt without an answer: the carrier may have scheduled it all the same, so it is asked again.
            case ScheduleResult.Unavailable u when u.inDoubt() -> status == Status.VOIDED
                    ? new Transition(with(Status.FAILED_IN_DOUBT, u.detail(), orderEnded, now), List.of(), FollowUp.REVERSAL)
                    : failed(Status.FAILED_IN_DOUBT, u.detail(), now);
            case ScheduleResult.Unavailable u -> status == Status.VOIDED ? unchanged() : failed(Status.FAILED, u.detail(), now);
        };
    }

    /**
     * The carrier, asked again, answered for a shipment in doubt: {@code outcome} says what it had
     * scheduled and that it was cancelled (or that it scheduled nothing).
     */
    public Transition reversed(String outcome, Instant now) {
        if (status != Status.FAILED_IN_DOUBT) {
            return unchanged();
        }
        return new Transition(with(Status.REVERSED, detail + "; " + outcome, orderEnded, now), List.of(), FollowUp.NONE);
    }

    /** The order was cancelled or rejected: the carrier must not come. */
    public Transition orderEnded(Instant now) {
        if (orderEnded) {
            return unchanged();
        }
        Status next = switch (status) {
            case REQUESTED -> Status.VOIDED;
            case SCHEDULED -> Status.CANCEL_PENDING;
            default -> status;
        };
        return new Transition(with(next, detail, true, now), List.of(), next == Status.CANCEL_PENDING ? FollowUp.CANCEL : FollowUp.NONE);
    }

    public Transition cancelled(Instant now) {
        if (status != Status.CANCEL_PENDING) {
            return unchanged();
        }
        Shipment cancelled = with(Status.CANCELLED, detail, orderEnded, now);
        return new Transition(cancelled, List.of(new Fact.Cancelled(cancelled)), FollowUp.NONE);
    }

    private Transition failed(Status next, String why, Instant now) {
        Shipment failed = with(next, why, orderEnded, now);
        return new Transition(failed, List.of(new Fact.Failed(failed)), next == Status.FAILED_IN_DOUBT ? FollowUp.REVERSAL : FollowUp.NONE);
    }

    private Shipment with(Status next, String why, boolean ended, Instant now) {
        return new Shipment(id, orderId, destination, units, next, carrierShipmentId, carrier, trackingNumber,
                estimatedDelivery, why, ended, now);
    }

    private Transition unchanged() {
        return new Transition(this, List.of(), FollowUp.NONE);
    }
}
