package dev.orderflow.order.events;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import dev.orderflow.events.common.OrderSnapshot;
import dev.orderflow.events.customers.CustomerChanged;
import dev.orderflow.events.inventory.ReservationExpired;
import dev.orderflow.events.inventory.StockCommitted;
import dev.orderflow.events.inventory.StockLevelChanged;
import dev.orderflow.events.inventory.StockReleased;
import dev.orderflow.events.inventory.StockReservationFailed;
import dev.orderflow.events.inventory.StockReserved;
import dev.orderflow.events.orders.OrderCancelled;
import dev.orderflow.events.orders.OrderChannel;
import dev.orderflow.events.orders.OrderConfirmed;
import dev.orderflow.events.orders.OrderPlaced;
import dev.orderflow.events.orders.OrderRejected;
import dev.orderflow.events.orders.RejectionReason;
import dev.orderflow.events.payments.PaymentFailureReason;
import dev.orderflow.events.payments.PaymentAuthorized;
import dev.orderflow.events.payments.PaymentFailed;
import dev.orderflow.events.payments.PaymentRefunded;
import dev.orderflow.events.products.ProductChanged;
import dev.orderflow.events.shipments.ShipmentCancelled;
import dev.orderflow.events.shipments.ShipmentDispatched;
import dev.orderflow.events.shipments.ShipmentFailed;
import dev.orderflow.events.shipments.ShipmentScheduled;
import dev.orderflow.messaging.inbox.ReceivedEvent;
import dev.orderflow.messaging.inbox.RejectedEventException;
import dev.orderflow.messaging.inbox.Translated;
import dev.orderflow.messaging.outbox.OutgoingEvent;
import dev.orderflow.order.domain.Address;
import dev.orderflow.order.domain.Customer;
import dev.orderflow.order.domain.CustomerSnapshot;
import dev.orderflow.order.domain.Fact;
import dev.orderflow.order.domain.Order;
import dev.orderflow.order.domain.OrderFact;
import dev.orderflow.order.domain.OrderLine;
import dev.orderflow.order.domain.Outcome;
import dev.orderflow.order.domain.Product;
import dev.orderflow.order.domain.Tier;
import dev.orderflow.order.domain.TimelineEntry;
import dev.orderflow.order.persistence.ReplicaStore.Versioned;
import org.apache.avro.specific.SpecificRecord;

/** Maps between the contract (Avro events) and the order's domain. */
public final class OrderEvents {

    private OrderEvents() {
    }

    // ---- what the order publishes

    public static OutgoingEvent placed(Order order) {
        return OutgoingEvent.of(OrderPlaced.newBuilder()
                .setOrderId(order.id())
                .setOrder(snapshot(order))
                .setChannel(OrderChannel.valueOf(order.channel().name()))
                .build());
    }

    /** @param cause the fact that led to the outcome, or null (a request) */
    public static OutgoingEvent outcome(Order order, Outcome outcome, Translated<? extends OrderFact> cause, Instant now) {
        SpecificRecord event = switch (outcome) {
            case Outcome.Confirmed c -> OrderConfirmed.newBuilder()
                    .setOrderId(order.id())
                    .setCustomer(customer(order.customer()))
                    .setCurrency(order.currency())
                    .setTotalMinor(order.totalMinor())
                    .setPaymentId(c.paymentId())
                    .setShipmentId(c.shipmentId())
                    .setCarrier(c.carrier())
                    .setTrackingNumber(c.trackingNumber())
                    .setConfirmedAt(now)
                    .build();
            case Outcome.Rejected r -> OrderRejected.newBuilder()
                    .setOrderId(order.id())
                    .setCustomer(customer(order.customer()))
                    .setReason(r.reason() == Outcome.RejectionReason.INVALID ? RejectionReason.OTHER
                            : RejectionReason.valueOf(r.reason().name()))
                    .setDetail(r.detail())
                    .setRejectedAt(now)
                    .build();
            case Outcome.Cancelled c -> OrderCancelled.newBuilder()
                    .setOrderId(order.id())
                    .setCustomer(customer(order.customer()))
                    .setReason(c.reason())
                    .setCancelledAt(now)
                    .build();
        };
        return cause == null ? OutgoingEvent.of(event) : OutgoingEvent.causedBy(cause.cause(), event);
    }

    /** The timeline entry of the order's own decision. */
    public static TimelineEntry ownEntry(OutgoingEvent event, Instant now) {
        return new TimelineEntry(now, event.event().getSchema().getName(), "order", describe(event.event()), "");
    }

    // ---- what the order learns

    /**
     * The facts of a batch from another service's stream, each as what it means for the order its key names; events that
     * are not about an order (stock levels, keyed by SKU) are left out.
     */
    public static List<Translated<OrderFact.Reported>> reports(List<ReceivedEvent> events) {
        return Translated.each(events.stream().filter(OrderEvents::isAboutAnOrder).toList(),
                e -> new OrderFact.Reported(e.key(), fact(e), entry(e)));
    }

    /** The orders of a batch from the orders stream, each as it was placed (the service's own among them). */
    public static List<Translated<OrderFact.PlacedElsewhere>> placements(List<ReceivedEvent> events) {
        return Translated.each(events.stream().filter(e -> e.is(OrderPlaced.class)).toList(),
                e -> new OrderFact.PlacedElsewhere(adopt(e), entry(e)));
    }

    /** What a fact of another service means for the order's status. */
    static Fact fact(ReceivedEvent event) {
        return switch (event.event()) {
            case StockReserved r -> new Fact.StockReserved(r.getReservationId(), r.getExpiresAt());
            case StockReservationFailed f -> new Fact.StockUnavailable(describe(f));
            case ReservationExpired e -> new Fact.ReservationExpired();
            case PaymentAuthorized a -> new Fact.PaymentAuthorized(a.getPaymentId(), a.getAmountMinor());
            case PaymentFailed f -> new Fact.PaymentFailed(f.getReason() == PaymentFailureReason.DECLINED,
                    f.getDetail() != null ? f.getDetail() : f.getReason().name());
            case ShipmentScheduled s -> new Fact.ShipmentScheduled(s.getShipmentId(), s.getCarrier(), s.getTrackingNumber());
            case ShipmentFailed f -> new Fact.ShipmentFailed(f.getDetail() != null ? f.getDetail() : "the carrier refused the shipment");
            default -> new Fact.Noted();
        };
    }

    /** Whether an event is about an order at all (the inventory stream also carries stock levels, keyed by SKU). */
    static boolean isAboutAnOrder(ReceivedEvent event) {
        return !event.is(StockLevelChanged.class);
    }

    static TimelineEntry entry(ReceivedEvent event) {
        String source = event.source() == null ? "unknown" : event.source().substring(event.source().lastIndexOf('/') + 1);
        return new TimelineEntry(event.time(), event.event().getSchema().getName(), source, describe(event.event()), event.id());
    }

    /** An order placed on the stream by someone else (an operator, an import), taken over as it is. */
    static Order adopt(ReceivedEvent event) {
        OrderPlaced placed = event.as(OrderPlaced.class);
        OrderSnapshot o = placed.getOrder();
        if (!placed.getOrderId().equals(event.key())) {
            throw new RejectedEventException(event, "OrderPlaced " + placed.getOrderId() + " has the key " + event.key()
                    + ": an order's events are keyed by its id");
        }
        if (o.getLines().isEmpty()) {
            throw new RejectedEventException(event, "OrderPlaced " + placed.getOrderId() + " has no lines");
        }
        // Whether it adds up, and is priced as the catalog prices it, is the order service's decision (Order#discrepancies).
        dev.orderflow.events.common.CustomerSnapshot c = o.getCustomer();
        dev.orderflow.events.common.Address a = o.getShippingAddress();
        return Order.adopt(placed.getOrderId(),
                new CustomerSnapshot(c.getCustomerId(), c.getName(), c.getEmail(), Tier.valueOf(c.getTier().name())),
                new Address(a.getRecipient(), a.getLine1(), a.getLine2(), a.getPostalCode(), a.getCity(), a.getRegion(), a.getCountry()),
                o.getLines().stream().map(l -> new OrderLine(l.getSku(), l.getName(), l.getQuantity(), l.getUnitPriceMinor())).toList(),
                o.getCurrency(), o.getSubtotalMinor(), o.getShippingFeeMinor(), o.getTotalMinor(),
                Order.Channel.valueOf(placed.getChannel().name()), o.getPlacedAt());
    }

    public static Versioned<Product> product(ProductChanged p) {
        return new Versioned<>(new Product(p.getSku(), p.getName(), p.getPriceMinor(), p.getCurrency(), p.getActive()),
                p.getVersion());
    }

    public static Versioned<Customer> customer(CustomerChanged c) {
        return new Versioned<>(new Customer(c.getCustomerId(), c.getName(), c.getEmail(), Tier.valueOf(c.getTier().name()),
                c.getAddresses().stream().map(a -> new Address(a.getRecipient(), a.getLine1(), a.getLine2(), a.getPostalCode(),
                        a.getCity(), a.getRegion(), a.getCountry())).toList(), c.getActive()), c.getVersion());
    }

    // ---- mapping helpers

    private static OrderSnapshot snapshot(Order order) {
        Address a = order.shippingAddress();
        return OrderSnapshot.newBuilder()
                .setCustomer(customer(order.customer()))
                .setShippingAddress(dev.orderflow.events.common.Address.newBuilder()
                        .setRecipient(a.recipient()).setLine1(a.line1()).setLine2(a.line2()).setPostalCode(a.postalCode())
                        .setCity(a.city()).setRegion(a.region()).setCountry(a.country()).build())
                .setLines(order.lines().stream().map(l -> dev.orderflow.events.common.OrderLine.newBuilder()
                        .setSku(l.sku()).setName(l.name()).setQuantity(l.quantity()).setUnitPriceMinor(l.unitPriceMinor())
                        .build()).toList())
                .setCurrency(order.currency())
                .setSubtotalMinor(order.subtotalMinor())
                .setShippingFeeMinor(order.shippingFeeMinor())
                .setTotalMinor(order.totalMinor())
                .setPlacedAt(order.placedAt())
                .build();
    }

    private static dev.orderflow.events.common.CustomerSnapshot customer(CustomerSnapshot c) {
        return dev.orderflow.events.common.CustomerSnapshot.newBuilder()
                .setCustomerId(c.customerId()).setName(c.name()).setEmail(c.email())
                .setTier(dev.orderflow.events.common.CustomerTier.valueOf(c.tier().name()))
                .build();
    }

    /** A line for people about what an event says. */
    static String describe(SpecificRecord event) {
        return switch (event) {
            case OrderPlaced p -> "placed: " + p.getOrder().getLines().size() + " line(s), total "
                    + money(p.getOrder().getTotalMinor(), p.getOrder().getCurrency()) + " (" + p.getChannel() + ")";
            case OrderConfirmed c -> "confirmed: payment " + c.getPaymentId() + ", shipment " + c.getShipmentId();
            case OrderRejected r -> "rejected (" + r.getReason() + ")" + (r.getDetail() == null ? "" : ": " + r.getDetail());
            case OrderCancelled c -> "cancelled" + (c.getReason() == null ? "" : ": " + c.getReason());
            case StockReserved r -> "stock reserved (" + r.getReservationId() + ", held until " + r.getExpiresAt() + ")";
            case StockReservationFailed f -> "out of stock: " + f.getUnavailable().stream()
                    .map(l -> l.getSku() + " (" + l.getRequested() + " asked, " + l.getAvailable() + " available)")
                    .collect(Collectors.joining(", "));
            case StockCommitted c -> "stock committed to the order (" + c.getReservationId() + ", payment " + c.getPaymentId() + ")";
            case StockReleased r -> "stock released (" + r.getReason() + ")";
            case ReservationExpired e -> "reservation expired at " + e.getExpiredAt();
            case PaymentAuthorized a -> "payment authorized: " + money(a.getAmountMinor(), a.getCurrency()) + " ("
                    + a.getPaymentId() + ")";
            case PaymentFailed f -> "payment failed (" + f.getReason() + ")" + (f.getDetail() == null ? "" : ": " + f.getDetail());
            case PaymentRefunded r -> "payment refunded: " + money(r.getAmountMinor(), r.getCurrency())
                    + (r.getCause() == null ? "" : " (" + r.getCause() + ")");
            case ShipmentScheduled s -> "shipment scheduled with " + s.getCarrier() + ", tracking " + s.getTrackingNumber()
                    + (s.getEstimatedDelivery() == null ? "" : ", expected " + s.getEstimatedDelivery());
            case ShipmentFailed f -> "shipment failed" + (f.getDetail() == null ? "" : ": " + f.getDetail());
            case ShipmentDispatched d -> "dispatched with " + d.getCarrier() + ", tracking " + d.getTrackingNumber();
            case ShipmentCancelled c -> "shipment " + c.getShipmentId() + " cancelled";
            default -> event.getSchema().getName();
        };
    }

    private static String money(long minor, String currency) {
        return String.format("%d.%02d %s", minor / 100, Math.abs(minor % 100), currency);
    }
}
