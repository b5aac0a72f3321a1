package dev.orderflow.messaging.testapp;

import dev.orderflow.events.inventory.StockLevelChanged;
import dev.orderflow.messaging.inbox.EventProcessor;
import dev.orderflow.messaging.inbox.InboundEvent;
import dev.orderflow.messaging.inbox.ReceivedEvent;
import dev.orderflow.messaging.inbox.RejectedEventException;
import io.opentelemetry.api.trace.Span;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Applies StockLevelChanged events in batches through the inbox; a negative level is rejected. */
@ApplicationScoped
public class StockLevelConsumer {

    @Inject
    EventProcessor processor;

    @Incoming("inventory-in")
    public Uni<Void> consume(KafkaRecordBatch<String, InboundEvent> batch) {
        return processor.process("messaging-test.inventory", batch, events -> Multi.createFrom().iterable(events)
                .filter(e -> e.is(StockLevelChanged.class))
                .onItem().transformToUniAndConcatenate(this::apply)
                .collect().asList().replaceWithVoid());
    }

    private Uni<Integer> apply(ReceivedEvent event) {
        StockLevelChanged changed = event.as(StockLevelChanged.class);
        if (changed.getAvailable() < 0) {
            throw new RejectedEventException(event, "negative stock level " + changed.getAvailable() + " for " + changed.getSku());
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into test_effects (event_id, sku, available, trace_id) values (:id, :sku, :available, :trace)")
                .setParameter("id", event.id())
                .setParameter("sku", changed.getSku())
                .setParameter("available", changed.getAvailable())
                .setParameter("trace", Span.fromContext(event.traceContext()).getSpanContext().getTraceId())
                .executeUpdate());
    }
}
