package dev.orderflow.shipping.events;

import java.util.List;

import dev.orderflow.events.inventory.StockCommitted;
import dev.orderflow.events.orders.OrderCancelled;
import dev.orderflow.events.orders.OrderRejected;
import dev.orderflow.messaging.inbox.EventProcessor;
import dev.orderflow.messaging.inbox.InboundEvent;
import dev.orderflow.shipping.ShippingService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * What shipping reacts to: stock committed to a paid order (ship: inventory commits only while the
 * reservation holds, so nothing ships whose stock expired), orders cancelled or rejected (do not).
 */
@ApplicationScoped
public class ShippingSubscriptions {

    @Inject
    EventProcessor processor;

    @Inject
    ShippingService shipping;

    @Incoming("inventory-in")
    public Uni<Void> inventory(KafkaRecordBatch<String, InboundEvent> batch) {
        return processor.process("shipping.inventory", batch, List.of(StockCommitted.class),
                events -> shipping.apply(ShippingEvents.facts(events)));
    }

    @Incoming("orders-in")
    public Uni<Void> orders(KafkaRecordBatch<String, InboundEvent> batch) {
        return processor.process("shipping.orders", batch, List.of(OrderCancelled.class, OrderRejected.class),
                events -> shipping.apply(ShippingEvents.facts(events)));
    }
}
