package dev.orderflow.inventory.events;

import java.time.Instant;
import java.util.List;

import dev.orderflow.events.inventory.ReleaseReason;
import dev.orderflow.events.inventory.ReservationExpired;
import dev.orderflow.events.inventory.StockLevelChanged;
import dev.orderflow.events.inventory.StockReleased;
import dev.orderflow.events.inventory.StockReservationFailed;
import dev.orderflow.events.inventory.StockCommitted;
import dev.orderflow.events.inventory.StockReserved;
import dev.orderflow.events.inventory.UnavailableLine;
import dev.orderflow.events.common.StockLine;
import dev.orderflow.events.orders.OrderCancelled;
import dev.orderflow.events.orders.OrderPlaced;
import dev.orderflow.events.orders.OrderRejected;
import dev.orderflow.events.payments.PaymentAuthorized;
import dev.orderflow.events.payments.PaymentFailed;
import dev.orderflow.events.shipments.ShipmentFailed;
import dev.orderflow.inventory.domain.OrderFact;
import dev.orderflow.inventory.domain.Reservation;
import dev.orderflow.inventory.domain.ReservationLine;
import dev.orderflow.inventory.domain.Stock;
import dev.orderflow.inventory.domain.StockChange;
import dev.orderflow.messaging.inbox.ReceivedEvent;
import dev.orderflow.messaging.inbox.Translated;
import dev.orderflow.messaging.outbox.OutgoingEvent;

/** Maps between the contract (Avro events) and the inventory's domain. */
public final class InventoryEvents {

    private InventoryEvents() {
    }

    /** The event, as the fact the inventory acts on, about the order its key names (the subscriptions take only these types). */
    public static OrderFact fact(ReceivedEvent event) {
        return switch (event.event()) {
            case OrderPlaced placed -> new OrderFact.Placed(event.key(), placed.getOrder().getLines().stream()
                    .map(line -> new ReservationLine(line.getSku(), line.getQuantity()))
                    .toList());
            case PaymentAuthorized paid -> new OrderFact.Paid(event.key(), paid.getPaymentId());
            case OrderCancelled c -> new OrderFact.Ended(event.key(), OrderFact.Cause.ORDER_CANCELLED);
            case PaymentFailed f -> new OrderFact.Ended(event.key(), OrderFact.Cause.PAYMENT_FAILED);
            case ShipmentFailed f -> new OrderFact.Ended(event.key(), OrderFact.Cause.SHIPMENT_FAILED);
            case OrderRejected r -> new OrderFact.Ended(event.key(), OrderFact.Cause.ORDER_REJECTED);
            default -> throw new IllegalArgumentException("the inventory does not take " + event.type());
        };
    }

    public static List<Translated<OrderFact>> facts(List<ReceivedEvent> events) {
        return Translated.each(events, InventoryEvents::fact);
    }

    /** Stock is held: carries the placed order forward so that payment needs nothing else. */
    public static OutgoingEvent reserved(Translated<OrderFact> placed, Reservation reservation, Instant now) {
        return OutgoingEvent.causedBy(placed.cause(), StockReserved.newBuilder()
                .setOrderId(reservation.orderId())
                .setReservationId(reservation.id())
                .setOrder(placed.cause().as(OrderPlaced.class).getOrder())
                .setExpiresAt(reservation.expiresAt())
                .setReservedAt(now)
                .build());
    }

    /** The order was paid while its stock was held: the stock is its for good; carries the order on to shipping. */
    public static OutgoingEvent committed(Translated<OrderFact> paid, String paymentId, Reservation reservation, Instant now) {
        return OutgoingEvent.causedBy(paid.cause(), StockCommitted.newBuilder()
                .setOrderId(reservation.orderId())
                .setReservationId(reservation.id())
                .setPaymentId(paymentId)
                .setOrder(paid.cause().as(PaymentAuthorized.class).getOrder())
                .setCommittedAt(now)
                .build());
    }

    public static OutgoingEvent refused(Translated<OrderFact> placed, List<Stock.Shortage> shortages, Instant now) {
        return OutgoingEvent.causedBy(placed.cause(), StockReservationFailed.newBuilder()
                .setOrderId(placed.fact().orderId())
                .setUnavailable(shortages.stream().map(s -> UnavailableLine.newBuilder()
                        .setSku(s.sku()).setRequested(s.requested()).setAvailable(s.available()).build()).toList())
                .setFailedAt(now)
                .build());
    }

    public static OutgoingEvent released(Translated<OrderFact> ended, OrderFact.Cause cause, Reservation reservation, Instant now) {
        return OutgoingEvent.causedBy(ended.cause(), StockReleased.newBuilder()
                .setOrderId(reservation.orderId())
                .setReservationId(reservation.id())
                .setLines(stockLines(reservation))
                .setReason(reason(cause))
                .setReleasedAt(now)
                .build());
    }

    public static OutgoingEvent expired(Reservation reservation, Instant now) {
        return OutgoingEvent.of(ReservationExpired.newBuilder()
                .setOrderId(reservation.orderId())
                .setReservationId(reservation.id())
                .setLines(stockLines(reservation))
                .setExpiredAt(now)
                .build());
    }

    /** @param cause the fact that caused the change, or null (an adjustment, an expiry) */
    public static OutgoingEvent levelChanged(Translated<OrderFact> cause, StockChange change, Instant now) {
        StockLevelChanged event = StockLevelChanged.newBuilder()
                .setSku(change.level().sku())
                .setAvailable(change.level().available())
                .setReserved(change.level().reserved())
                .setDelta(change.delta())
                .setCause(change.cause())
                .setChangedAt(now)
                .build();
        return cause == null ? OutgoingEvent.of(event) : OutgoingEvent.causedBy(cause.cause(), event);
    }

    /** The release's cause on the stream; a rejection by the order's owner has no symbol of its own. */
    static ReleaseReason reason(OrderFact.Cause cause) {
        return switch (cause) {
            case ORDER_CANCELLED -> ReleaseReason.ORDER_CANCELLED;
            case PAYMENT_FAILED -> ReleaseReason.PAYMENT_FAILED;
            case SHIPMENT_FAILED -> ReleaseReason.SHIPMENT_FAILED;
            case ORDER_REJECTED -> ReleaseReason.OTHER;
        };
    }

    private static List<StockLine> stockLines(Reservation reservation) {
        return reservation.lines().stream()
                .map(l -> StockLine.newBuilder().setSku(l.sku()).setQuantity(l.quantity()).build())
                .toList();
    }
}
