package dev.orderflow.messaging.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.orderflow.events.catalog.EventCatalog;
import dev.orderflow.messaging.AvroBinary;
import dev.orderflow.messaging.MessagingConfig;
import dev.orderflow.messaging.MessagingMetrics;
import dev.orderflow.messaging.MultiRowSql;
import dev.orderflow.messaging.tracing.TraceContext;
import io.opentelemetry.context.Context;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The transactional outbox. {@link #stage} writes events into the outbox table of the service's
 * database inside the caller's current Hibernate Reactive transaction, so they are stored if and
 * only if the state change that caused them commits. {@link OutboxRelay} publishes them after the
 * commit; a NOTIFY sent in the same transaction wakes it at once.
 */
@ApplicationScoped
public class Outbox {

    /** The channel the relay LISTENs on; PostgreSQL delivers the notification at commit. */
    public static final String CHANNEL = "orderflow_outbox";

    private static final EventCatalog CATALOG = EventCatalog.load();

    private final String source;
    private final MessagingMetrics metrics;

    Outbox(MessagingConfig config, MessagingMetrics metrics) {
        this.source = "/orderflow/" + config.service();
        this.metrics = metrics;
    }

    /** Stages the events in the current transaction; fails if there is none. Returns the event ids, in order. */
    public Uni<List<String>> stage(List<OutgoingEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession().chain(session -> insert(session, events));
    }

    public Uni<List<String>> stage(OutgoingEvent... events) {
        return stage(List.of(events));
    }

    private Uni<List<String>> insert(Mutiny.Session session, List<OutgoingEvent> events) {
        List<Object[]> rows = new ArrayList<>(events.size());
        List<String> ids = new ArrayList<>(events.size());
        Instant now = Instant.now();
        for (OutgoingEvent outgoing : events) {
            String typeName = outgoing.event().getSchema().getFullName();
            EventCatalog.EventType type = CATALOG.eventType(typeName).orElseThrow(() ->
                    new IllegalArgumentException(typeName + " is not an event type of the catalog"));
            Object key = outgoing.event().get(outgoing.event().getSchema().getField(type.key()).pos());
            if (key == null || key.toString().isEmpty()) {
                throw new IllegalArgumentException(typeName + " has no " + type.key() + " to key it by");
            }
            Context context = outgoing.cause() != null ? outgoing.cause().traceContext() : Context.current();
            Map<String, String> trace = TraceContext.capture(context);
            String id = UUID.randomUUID().toString();
            ids.add(id);
            rows.add(new Object[] {id, CATALOG.streamOf(type).topic(), key.toString(), typeName, source, now,
                    trace.get(TraceContext.TRACEPARENT), trace.get(TraceContext.TRACESTATE),
                    AvroBinary.encode(outgoing.event())});
        }
        MultiRowSql sql = MultiRowSql.values("insert into outbox (event_id, topic, message_key, event_type, source,"
                + " occurred_at, traceparent, tracestate, payload) values", rows, "");
        Mutiny.MutationQuery insert = sql.bind(session.createNativeQuery(sql.sql()));
        return insert.executeUpdate()
                .chain(() -> session.createNativeQuery("notify " + CHANNEL).executeUpdate())
                .invoke(() -> events.forEach(e -> metrics.staged(e.event().getSchema().getFullName())))
                .replaceWith(ids);
    }
}
