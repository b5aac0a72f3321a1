package dev.orderflow.inventory.events;

import java.util.List;

import dev.orderflow.events.orders.OrderCancelled;
import dev.orderflow.events.orders.OrderPlaced;
import dev.orderflow.events.orders.OrderRejected;
import dev.orderflow.events.payments.PaymentAuthorized;
import dev.orderflow.events.payments.PaymentFailed;
import dev.orderflow.events.shipments.ShipmentFailed;
import dev.orderflow.inventory.InventoryService;
import dev.orderflow.messaging.inbox.EventProcessor;
import dev.orderflow.messaging.inbox.InboundEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * What the inventory reacts to: orders placed and cancelled, payments authorized (stop the expiry
 * clock) and failed, shipments failed. Each subscription is its own inbox consumer.
 */
@ApplicationScoped
public class InventorySubscriptions {

    @Inject
    EventProcessor processor;

    @Inject
    InventoryService inventory;

    @Incoming("orders-in")
    public Uni<Void> orders(KafkaRecordBatch<String, InboundEvent> batch) {
        return processor.process("inventory.orders", batch, List.of(OrderPlaced.class, OrderCancelled.class, OrderRejected.class),
                events -> inventory.apply(InventoryEvents.facts(events)));
    }

    @Incoming("payments-in")
    public Uni<Void> payments(KafkaRecordBatch<String, InboundEvent> batch) {
        return processor.process("inventory.payments", batch, List.of(PaymentAuthorized.class, PaymentFailed.class),
                events -> inventory.apply(InventoryEvents.facts(events)));
    }

    @Incoming("shipments-in")
    public Uni<Void> shipments(KafkaRecordBatch<String, InboundEvent> batch) {
        return processor.process("inventory.shipments", batch, List.of(ShipmentFailed.class),
                events -> inventory.apply(InventoryEvents.facts(events)));
    }
}
