package dev.orderflow.shipping.events;

import dev.orderflow.messaging.inbox.EventProcessor;
import dev.orderflow.messaging.inbox.InboundEvent;
import dev.orderflow.shipping.ShippingService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** What shipping reacts to: payments authorized (ship), orders cancelled or rejected (do not). */
@ApplicationScoped
public class ShippingSubscriptions {

    @Inject
    EventProcessor processor;

    @Inject
    ShippingService shipping;

    @Incoming("payments-in")
    public Uni<Void> payments(KafkaRecordBatch<String, InboundEvent> batch) {
        return processor.process("shipping.payments", batch, shipping::apply);
    }

    @Incoming("orders-in")
    public Uni<Void> orders(KafkaRecordBatch<String, InboundEvent> batch) {
        return processor.process("shipping.orders", batch, shipping::apply);
    }
}
