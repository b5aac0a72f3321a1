package dev.orderflow.payment.events;

import java.util.List;

import dev.orderflow.events.customers.CustomerChanged;
import dev.orderflow.events.inventory.StockReserved;
import dev.orderflow.events.orders.OrderCancelled;
import dev.orderflow.events.orders.OrderRejected;
import dev.orderflow.events.shipments.ShipmentFailed;
import dev.orderflow.messaging.inbox.EventProcessor;
import dev.orderflow.messaging.inbox.InboundEvent;
import dev.orderflow.messaging.inbox.ReplicaVersions;
import dev.orderflow.payment.PaymentService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * What payment reacts to: stock reserved (take the payment), orders cancelled or rejected and
 * shipments failed (give it back), and the customer stream (payment tokens).
 */
@ApplicationScoped
public class PaymentSubscriptions {

    @Inject
    EventProcessor processor;

    @Inject
    PaymentService payments;

    @Incoming("inventory-in")
    public Uni<Void> inventory(KafkaRecordBatch<String, InboundEvent> batch) {
        return processor.process("payment.inventory", batch, List.of(StockReserved.class),
                events -> payments.apply(PaymentEvents.facts(events)));
    }

    @Incoming("orders-in")
    public Uni<Void> orders(KafkaRecordBatch<String, InboundEvent> batch) {
        return processor.process("payment.orders", batch, List.of(OrderCancelled.class, OrderRejected.class),
                events -> payments.apply(PaymentEvents.facts(events)));
    }

    @Incoming("shipments-in")
    public Uni<Void> shipments(KafkaRecordBatch<String, InboundEvent> batch) {
        return processor.process("payment.shipments", batch, List.of(ShipmentFailed.class),
                events -> payments.apply(PaymentEvents.facts(events)));
    }

    @Incoming("customers-in")
    public Uni<Void> customers(KafkaRecordBatch<String, InboundEvent> batch) {
        // The replica keeps only changes an owner could have written (a refused one is dead-lettered with the reason).
        return processor.process("payment.customers", batch, events -> ReplicaVersions.accepted(events, CustomerChanged.class,
                        CustomerChanged::getCustomerId, CustomerChanged::getVersion, payments::customerVersions)
                .chain(changes -> payments.replicateCustomers(changes.stream().map(PaymentEvents::paymentMethod).toList())));
    }
}
