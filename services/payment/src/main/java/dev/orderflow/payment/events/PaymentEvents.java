package dev.orderflow.payment.events;

import java.time.Instant;
import java.util.List;

import dev.orderflow.events.customers.CustomerChanged;
import dev.orderflow.events.inventory.StockReserved;
import dev.orderflow.events.orders.OrderCancelled;
import dev.orderflow.events.orders.OrderRejected;
import dev.orderflow.events.payments.PaymentAuthorized;
import dev.orderflow.events.payments.PaymentFailed;
import dev.orderflow.events.payments.PaymentFailureReason;
import dev.orderflow.events.payments.PaymentRefunded;
import dev.orderflow.events.shipments.ShipmentFailed;
import dev.orderflow.messaging.AvroBinary;
import dev.orderflow.messaging.inbox.ReceivedEvent;
import dev.orderflow.messaging.outbox.OutgoingEvent;
import dev.orderflow.payment.domain.OrderFact;
import dev.orderflow.payment.domain.Payment;
import dev.orderflow.payment.domain.PaymentMethod;
import dev.orderflow.payment.persistence.PaymentStore;
import org.apache.avro.specific.SpecificRecord;

/** Maps between the contract (Avro events) and the payment's domain. */
public final class PaymentEvents {

    private static final String RESERVED_TYPE = StockReserved.getClassSchema().getFullName();

    private PaymentEvents() {
    }

    /** The event, as the fact payment acts on, about the order its key names (the subscriptions take only these types). */
    public static OrderFact fact(ReceivedEvent event) {
        return switch (event.event()) {
            case StockReserved reserved -> new OrderFact.StockReserved(event.key(), reserved.getOrder().getCustomer().getCustomerId(),
                    reserved.getOrder().getTotalMinor(), reserved.getOrder().getCurrency(), AvroBinary.encode(reserved));
            case OrderCancelled c -> new OrderFact.Ended(event.key(), "order cancelled");
            case OrderRejected r -> new OrderFact.Ended(event.key(), "order rejected (" + r.getReason() + ")");
            case ShipmentFailed f -> new OrderFact.Ended(event.key(), "shipment failed");
            default -> throw new IllegalArgumentException("payment does not take " + event.type());
        };
    }

    public static List<OrderFact> facts(List<ReceivedEvent> events) {
        return events.stream().map(PaymentEvents::fact).toList();
    }

    /** @param cause the event being handled when this was decided, or null (a gateway answer) */
    public static OutgoingEvent toEvent(Payment.Fact fact, byte[] orderSnapshot, ReceivedEvent cause, Instant now) {
        SpecificRecord event = switch (fact) {
            case Payment.Fact.Authorized a -> PaymentAuthorized.newBuilder()
                    .setOrderId(a.payment().orderId())
                    .setPaymentId(a.payment().id())
                    .setAmountMinor(a.payment().amountMinor())
                    .setCurrency(a.payment().currency())
                    .setGatewayReference(a.payment().gatewayReference())
                    .setOrder(((StockReserved) AvroBinary.decode(RESERVED_TYPE, orderSnapshot)).getOrder())
                    .setAuthorizedAt(now)
                    .build();
            case Payment.Fact.Failed f -> PaymentFailed.newBuilder()
                    .setOrderId(f.payment().orderId())
                    .setPaymentId(f.payment().id())
                    .setAmountMinor(f.payment().amountMinor())
                    .setCurrency(f.payment().currency())
                    .setReason(PaymentFailureReason.valueOf(f.reason().name()))
                    .setDetail(f.payment().detail())
                    .setFailedAt(now)
                    .build();
            case Payment.Fact.Refunded r -> PaymentRefunded.newBuilder()
                    .setOrderId(r.payment().orderId())
                    .setPaymentId(r.payment().id())
                    .setAmountMinor(r.payment().amountMinor())
                    .setCurrency(r.payment().currency())
                    .setCause(r.cause())
                    .setRefundedAt(now)
                    .build();
        };
        return cause == null ? OutgoingEvent.of(event) : OutgoingEvent.causedBy(cause, event);
    }

    public static PaymentStore.Versioned paymentMethod(CustomerChanged c) {
        return new PaymentStore.Versioned(new PaymentMethod(c.getCustomerId(), c.getPaymentMethod().name(), c.getPaymentToken(),
                c.getActive()), c.getVersion());
    }
}
