package dev.orderflow.messaging.testapp;

import java.util.List;

import dev.orderflow.events.inventory.StockLevelChanged;
import dev.orderflow.messaging.MultiRowSql;
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

/**
 * Applies StockLevelChanged events in batches through the inbox, one insert per batch; a negative
 * level is rejected. The other event types of the inventory topic are not its business.
 */
@ApplicationScoped
public class StockLevelConsumer {

    @Inject
    EventProcessor processor;

    @Inject
    HandlerStall stall;

    @Incoming("inventory-in")
    public Uni<Void> consume(KafkaRecordBatch<String, InboundEvent> batch) {
        return processor.process("messaging-test.inventory", batch, List.of(StockLevelChanged.class), this::apply);
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
        MultiRowSql sql = MultiRowSql.values("insert into test_effects (event_id, sku, available, trace_id) values",
                levels.stream().map(event -> {
                    StockLevelChanged changed = event.as(StockLevelChanged.class);
                    return new Object[] {event.id(), changed.getSku(), changed.getAvailable(),
                            Span.fromContext(event.traceContext()).getSpanContext().getTraceId()};
                }).toList(), "");
        boolean stalls = levels.stream().anyMatch(e -> stall.takes(e.as(StockLevelChanged.class).getSku()));
        return Panache.getSession().chain(session -> sql.bind(session.createNativeQuery(sql.sql())).executeUpdate())
                .chain(() -> stalls ? Uni.createFrom().nothing() : Uni.createFrom().voidItem())
                .replaceWithVoid();
    }
}
