package dev.orderflow.notification.events;

import dev.orderflow.messaging.inbox.EventProcessor;
import dev.orderflow.messaging.inbox.InboundEvent;
import dev.orderflow.notification.NotificationService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** What notification listens to: the order lifecycle (placed, confirmed, rejected, cancelled). */
@ApplicationScoped
public class NotificationSubscriptions {

    @Inject
    EventProcessor processor;

    @Inject
    NotificationService notifications;

    @Incoming("orders-in")
    public Uni<Void> orders(KafkaRecordBatch<String, InboundEvent> batch) {
        return processor.process("notification.orders", batch, notifications::apply);
    }
}
