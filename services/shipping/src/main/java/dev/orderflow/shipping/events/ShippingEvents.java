package dev.orderflow.shipping.events;

import java.time.Instant;
import java.util.List;

import dev.orderflow.events.common.Address;
import dev.orderflow.events.common.OrderLine;
import dev.orderflow.events.inventory.StockCommitted;
import dev.orderflow.events.orders.OrderCancelled;
import dev.orderflow.events.orders.OrderRejected;
import dev.orderflow.events.shipments.ShipmentCancelled;
import dev.orderflow.events.shipments.ShipmentFailed;
import dev.orderflow.events.shipments.ShipmentScheduled;
import dev.orderflow.messaging.inbox.ReceivedEvent;
import dev.orderflow.messaging.outbox.OutgoingEvent;
import dev.orderflow.shipping.domain.Destination;
import dev.orderflow.shipping.domain.OrderFact;
import dev.orderflow.shipping.domain.Shipment;
import org.apache.avro.specific.SpecificRecord;

/** Maps between the contract (Avro events) and the shipping domain: incoming events to facts, decisions to events. */
public final class ShippingEvents {

    private ShippingEvents() {
    }

    /** The event, as the fact shipping acts on, about the order its key names (the subscriptions take only these types). */
    public static OrderFact fact(ReceivedEvent event) {
        return switch (event.event()) {
            case StockCommitted committed -> {
                Address a = committed.getOrder().getShippingAddress();
                int units = committed.getOrder().getLines().stream().mapToInt(OrderLine::getQuantity).sum();
                yield new OrderFact.StockCommitted(event.key(),
                        new Destination(a.getRecipient(), a.getLine1(), a.getLine2(), a.getPostalCode(), a.getCity(),
                                a.getRegion(), a.getCountry()), units);
            }
            case OrderCancelled ignored -> new OrderFact.Ended(event.key());
            case OrderRejected ignored -> new OrderFact.Ended(event.key());
            default -> throw new IllegalArgumentException("shipping does not take " + event.type());
        };
    }

    public static List<OrderFact> facts(List<ReceivedEvent> events) {
        return events.stream().map(ShippingEvents::fact).toList();
    }

    /** @param cause the event being handled when this was decided, or null (a carrier answer) */
    public static OutgoingEvent toEvent(Shipment.Fact fact, ReceivedEvent cause, Instant now) {
        SpecificRecord event = switch (fact) {
            case Shipment.Fact.Scheduled s -> ShipmentScheduled.newBuilder()
                    .setOrderId(s.shipment().orderId())
                    .setShipmentId(s.shipment().id())
                    .setCarrier(s.shipment().carrier())
                    .setTrackingNumber(s.shipment().trackingNumber())
                    .setEstimatedDelivery(s.shipment().estimatedDelivery())
                    .setScheduledAt(now)
                    .build();
            case Shipment.Fact.Failed f -> ShipmentFailed.newBuilder()
                    .setOrderId(f.shipment().orderId())
                    .setDetail(f.shipment().detail())
                    .setFailedAt(now)
                    .build();
            case Shipment.Fact.Cancelled c -> ShipmentCancelled.newBuilder()
                    .setOrderId(c.shipment().orderId())
                    .setShipmentId(c.shipment().id())
                    .setCancelledAt(now)
                    .build();
        };
        return cause == null ? OutgoingEvent.of(event) : OutgoingEvent.causedBy(cause, event);
    }
}
