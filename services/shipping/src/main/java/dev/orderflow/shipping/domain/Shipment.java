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
        /** The carrier refused or could not be reached. */
        FAILED,
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

    /** The shipment after a decision, what others learn, and whether the carrier must now be told to cancel. */
    public record Transition(Shipment shipment, List<Fact> facts, boolean cancelDue) {
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

    public Transition scheduleResult(ScheduleResult result, Instant now) {
        if (status != Status.REQUESTED && status != Status.VOIDED) {
            return unchanged();
        }
        return switch (result) {
            case ScheduleResult.Scheduled s -> {
                Shipment scheduled = new Shipment(id, orderId, destination, units,
                        orderEnded ? Status.CANCEL_PENDING : Status.SCHEDULED, s.carrierShipmentId(), s.carrier(),
                        s.trackingNumber(), s.estimatedDelivery(), null, orderEnded, now);
                yield new Transition(scheduled, List.of(new Fact.Scheduled(scheduled)), orderEnded);
            }
            case ScheduleResult.Refused r -> status == Status.VOIDED ? unchanged() : failed(r.reason(), now);
            case ScheduleResult.Unavailable u -> status == Status.VOIDED ? unchanged() : failed(u.detail(), now);
        };
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
        return new Transition(with(next, detail, true, now), List.of(), next == Status.CANCEL_PENDING);
    }

    public Transition cancelled(Instant now) {
        if (status != Status.CANCEL_PENDING) {
            return unchanged();
        }
        Shipment cancelled = with(Status.CANCELLED, detail, orderEnded, now);
        return new Transition(cancelled, List.of(new Fact.Cancelled(cancelled)), false);
    }

    private Transition failed(String why, Instant now) {
        Shipment failed = with(Status.FAILED, why, orderEnded, now);
        return new Transition(failed, List.of(new Fact.Failed(failed)), false);
    }

    private Shipment with(Status next, String why, boolean ended, Instant now) {
        return new Shipment(id, orderId, destination, units, next, carrierShipmentId, carrier, trackingNumber,
                estimatedDelivery, why, ended, now);
    }

    private Transition unchanged() {
        return new Transition(this, List.of(), false);
    }
}
