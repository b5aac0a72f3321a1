package dev.orderflow.messaging.testapp;

import java.util.List;

import dev.orderflow.events.inventory.StockLevelChanged;
import dev.orderflow.messaging.inbox.EventProcessor;
import dev.orderflow.messaging.inbox.InboundEvent;
import dev.orderflow.messaging.inbox.ReceivedEvent;
import dev.orderflow.messaging.inbox.RejectedEventException;
import io.opentelemetry.api.trace.Span;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Applies StockLevelChanged events in batches through the inbox, one insert per batch; a negative level is rejected. */
@ApplicationScoped
public class StockLevelConsumer {

    @Inject
    EventProcessor processor;

    @Incoming("inventory-in")
    public Uni<Void> consume(KafkaRecordBatch<String, InboundEvent> batch) {
        return processor.process("messaging-test.inventory", batch, this::apply);
    }

    /** The whole batch in one statement: set-based, as a service's handler should be. */
    private Uni<Void> apply(List<ReceivedEvent> events) {
        List<ReceivedEvent> levels = events.stream().filter(e -> e.is(StockLevelChanged.class)).toList();
        for (ReceivedEvent event : levels) {
            StockLevelChanged changed = event.as(StockLevelChanged.class);
            if (changed.getAvailable() < 0) {
                throw new RejectedEventException(event, "negative stock level " + changed.getAvailable() + " for " + changed.getSku());
            }
        }
        if (levels.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        StringBuilder sql = new StringBuilder("insert into test_effects (event_id, sku, available, trace_id) values ");
        for (int i = 0; i < levels.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:id").append(i).append(", :sku").append(i).append(", :available")
                    .append(i).append(", :trace").append(i).append(')');
        }
        return Panache.getSession().chain(session -> {
            var insert = session.createNativeQuery(sql.toString());
            for (int i = 0; i < levels.size(); i++) {
                ReceivedEvent event = levels.get(i);
                StockLevelChanged changed = event.as(StockLevelChanged.class);
                insert.setParameter("id" + i, event.id());
                insert.setParameter("sku" + i, changed.getSku());
                insert.setParameter("available" + i, changed.getAvailable());
                insert.setParameter("trace" + i, Span.fromContext(event.traceContext()).getSpanContext().getTraceId());
            }
            return insert.executeUpdate();
        }).replaceWithVoid();
    }
}
