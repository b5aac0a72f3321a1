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
import dev.orderflow.events.orders.OrderPlaced;
import dev.orderflow.events.payments.PaymentAuthorized;
import dev.orderflow.inventory.domain.Reservation;
import dev.orderflow.inventory.domain.ReservationLine;
import dev.orderflow.inventory.domain.Stock;
import dev.orderflow.inventory.domain.StockChange;
import dev.orderflow.messaging.inbox.ReceivedEvent;
import dev.orderflow.messaging.outbox.OutgoingEvent;

/** Maps between the contract (Avro events) and the inventory's domain. */
public final class InventoryEvents {

    private InventoryEvents() {
    }

    public static List<ReservationLine> lines(OrderPlaced placed) {
        return placed.getOrder().getLines().stream()
                .map(line -> new ReservationLine(line.getSku(), line.getQuantity()))
                .toList();
    }

    /** Stock is held: carries the order forward so that payment needs nothing else. */
    public static OutgoingEvent reserved(ReceivedEvent cause, OrderPlaced placed, Reservation reservation, Instant now) {
        return OutgoingEvent.causedBy(cause, StockReserved.newBuilder()
                .setOrderId(reservation.orderId())
                .setReservationId(reservation.id())
                .setOrder(placed.getOrder())
                .setExpiresAt(reservation.expiresAt())
                .setReservedAt(now)
                .build());
    }

    /** The order was paid while its stock was held: the stock is its for good; carries the order on to shipping. */
    public static OutgoingEvent committed(ReceivedEvent cause, PaymentAuthorized paid, Reservation reservation, Instant now) {
        return OutgoingEvent.causedBy(cause, StockCommitted.newBuilder()
                .setOrderId(reservation.orderId())
                .setReservationId(reservation.id())
                .setPaymentId(paid.getPaymentId())
                .setOrder(paid.getOrder())
                .setCommittedAt(now)
                .build());
    }

    public static OutgoingEvent refused(ReceivedEvent cause, String orderId, List<Stock.Shortage> shortages, Instant now) {
        return OutgoingEvent.causedBy(cause, StockReservationFailed.newBuilder()
                .setOrderId(orderId)
                .setUnavailable(shortages.stream().map(s -> UnavailableLine.newBuilder()
                        .setSku(s.sku()).setRequested(s.requested()).setAvailable(s.available()).build()).toList())
                .setFailedAt(now)
                .build());
    }

    public static OutgoingEvent released(ReceivedEvent cause, Reservation reservation, ReleaseReason reason, Instant now) {
        return OutgoingEvent.causedBy(cause, StockReleased.newBuilder()
                .setOrderId(reservation.orderId())
                .setReservationId(reservation.id())
                .setLines(stockLines(reservation))
                .setReason(reason)
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

    /** @param cause the event that caused the change, or null (an adjustment, an expiry) */
    public static OutgoingEvent levelChanged(ReceivedEvent cause, StockChange change, Instant now) {
        StockLevelChanged event = StockLevelChanged.newBuilder()
                .setSku(change.level().sku())
                .setAvailable(change.level().available())
                .setReserved(change.level().reserved())
                .setDelta(change.delta())
                .setCause(change.cause())
                .setChangedAt(now)
                .build();
        return cause == null ? OutgoingEvent.of(event) : OutgoingEvent.causedBy(cause, event);
    }

    private static List<StockLine> stockLines(Reservation reservation) {
        return reservation.lines().stream()
                .map(l -> StockLine.newBuilder().setSku(l.sku()).setQuantity(l.quantity()).build())
                .toList();
    }
}
