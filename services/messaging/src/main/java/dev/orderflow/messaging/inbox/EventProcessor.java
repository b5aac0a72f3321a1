package dev.orderflow.messaging.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.orderflow.events.catalog.CloudEventHeaders;
import dev.orderflow.messaging.MessagingConfig;
import dev.orderflow.messaging.MessagingMetrics;
import dev.orderflow.messaging.MultiRowSql;
import dev.orderflow.messaging.Transience;
import dev.orderflow.messaging.tracing.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * The consuming half of effectively-once: a batch of records becomes one transaction that records
 * every new event id in the inbox and applies the handler's effect, and the batch is acknowledged
 * (its offsets committed) only after that transaction committed.
 *
 * <ul>
 * <li>Redelivered or re-injected events (same CloudEvents id) are in the inbox already and never
 * reach the handler again.</li>
 * <li>Transient failures (database away, lost race) retry the whole transaction with back-off, for
 * as long as it takes: the partition waits, nothing is skipped.</li>
 * <li>Records that cannot be decoded or have no id, and events the handler rejects, go to the
 * dead-letter topic with their original bytes; the rest of the batch goes on without them.</li>
 * <li>Any other failure is retried, then the batch is applied event by event to find the culprit,
 * which is dead-lettered: a poison event never stalls its partition.</li>
 * </ul>
 */
@ApplicationScoped
public class EventProcessor {

    private static final Logger LOG = Logger.getLogger(EventProcessor.class);

    private final Duration transactionTimeout;
    private final DeadLetters deadLetters;
    private final Tracer tracer;
    private final MessagingMetrics metrics;

    EventProcessor(DeadLetters deadLetters, Tracer tracer, MessagingMetrics metrics, MessagingConfig config) {
        this.transactionTimeout = config.inbox().transactionTimeout();
        this.deadLetters = deadLetters;
        this.tracer = tracer;
        this.metrics = metrics;
    }

    /** A record to dead-letter and why. */
    private record DeadLetter(KafkaRecord<String, InboundEvent> record, Throwable error) {
    }

    /** Work on one batch: which record each event came from, which spans to end, what to dead-letter. */
    private final class Work {
        final String consumer;
        final EventHandler handler;
        final Map<ReceivedEvent, KafkaRecord<String, InboundEvent>> origin = new IdentityHashMap<>();
        final Map<ReceivedEvent, Span> spans = new IdentityHashMap<>();
        final List<DeadLetter> dead = new ArrayList<>();
        final List<ReceivedEvent> applied = new ArrayList<>();
        int duplicates;
        int ignored;

        Work(String consumer, EventHandler handler) {
            this.consumer = consumer;
            this.handler = handler;
        }

        void reject(ReceivedEvent event, Throwable error) {
            dead.add(new DeadLetter(origin.get(event), error));
            Span span = spans.get(event);
            if (span != null) {
                span.recordException(error);
                span.setStatus(StatusCode.ERROR, "dead-lettered");
            }
        }
    }

    /**
     * Applies a batch and acknowledges it: every event of the batch reaches the inbox and the handler.
     *
     * @param consumer the inbox's consumer name: one per service and subscription, stable forever
     */
    public Uni<Void> process(String consumer, KafkaRecordBatch<String, InboundEvent> batch, EventHandler handler) {
        return process(consumer, batch, null, handler);
    }

    /**
     * Applies the events of the given types in a batch and acknowledges the whole batch. A topic
     * carries several event types and a subscription usually reacts to a few: the others have no
     * effect here, so they are acknowledged without an inbox record or a call to the handler (an
     * event with no effect needs no deduplication). An undecodable record whose CloudEvents type
     * names one of the other types is left to the consumers of that type, too.
     *
     * @param consumer the inbox's consumer name: one per service and subscription, stable forever
     * @param types    the event types the handler reacts to
     */
    public Uni<Void> process(String consumer, KafkaRecordBatch<String, InboundEvent> batch,
                             Collection<Class<? extends SpecificRecord>> types, EventHandler handler) {
        long t0 = System.nanoTime();
        Set<String> accepted = types == null ? null : types.stream().map(Class::getName).collect(Collectors.toSet());
        Work work = new Work(consumer, handler);
        List<ReceivedEvent> events = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (KafkaRecord<String, InboundEvent> record : batch.getRecords()) {
            InboundEvent inbound = record.getPayload();
            String type = accepted == null ? null : typeOf(record, inbound);
            if (type != null && !accepted.contains(type)) {
                work.ignored++;
                continue;
            }
            if (inbound == null || !inbound.isDecoded()) {
                RuntimeException error = inbound == null ? new IllegalArgumentException("record has no value")
                        : inbound.decodingError();
                work.dead.add(new DeadLetter(record, new IllegalArgumentException("cannot decode: " + error.getMessage(), error)));
                continue;
            }
            String id = header(record.getHeaders(), CloudEventHeaders.ID);
            if (id == null || id.isBlank()) {
                work.dead.add(new DeadLetter(record, new IllegalArgumentException("no " + CloudEventHeaders.ID
                        + " header: an event without an id cannot be applied exactly once")));
                continue;
            }
            if (!seen.add(id)) {
                continue; // the same event twice in one batch: the first one counts
            }
            ReceivedEvent event = receive(record, inbound, id);
            Span span = startSpan(event);
            event = withTraceContext(event, event.traceContext().with(span));
            work.origin.put(event, record);
            work.spans.put(event, span);
            events.add(event);
        }
        LOG.debugf("%s: batch of %d records, %d new candidates, %d undecodable", consumer, batch.getRecords().size(),
                events.size(), work.dead.size());
        return apply(work, events)
                .invoke(() -> LOG.debugf("%s: applied, %d to dead-letter", consumer, work.dead.size()))
                .chain(() -> Multi.createFrom().iterable(work.dead)
                        // The broker must take the dead letter before the batch is acknowledged; if it is
                        // briefly away, wait for it rather than fail the channel.
                        .onItem().transformToUniAndConcatenate(d -> deadLetter(work.consumer, d)
                                .onFailure().invoke(e -> LOG.warnf("%s: dead letter not sent yet, retrying: %s",
                                        consumer, e.toString()))
                                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).indefinitely())
                        .collect().asList())
                .invoke(() -> LOG.debugf("%s: dead letters sent, acknowledging", consumer))
                .chain(() -> Uni.createFrom().completionStage(batch.ack()))
                .invoke(() -> LOG.debugf("%s: acknowledged", consumer))
                .invoke(() -> record(work, t0))
                .eventually(() -> work.spans.values().forEach(Span::end));
    }

    /** The event type of a record: the decoded record's, else what its CloudEvents header says (null if neither). */
    private static String typeOf(KafkaRecord<String, InboundEvent> record, InboundEvent inbound) {
        if (inbound != null && inbound.isDecoded()) {
            return inbound.event().getSchema().getFullName();
        }
        return header(record.getHeaders(), CloudEventHeaders.TYPE);
    }

    private void record(Work work, long t0) {
        work.applied.stream().collect(Collectors.groupingBy(ReceivedEvent::type, Collectors.counting()))
                .forEach((type, n) -> metrics.handled(work.consumer, type, MessagingMetrics.Outcome.APPLIED, n.intValue()));
        metrics.handled(work.consumer, "any", MessagingMetrics.Outcome.DUPLICATE, work.duplicates);
        metrics.handled(work.consumer, "any", MessagingMetrics.Outcome.IGNORED, work.ignored);
        for (DeadLetter dead : work.dead) {
            InboundEvent payload = dead.record().getPayload();
            String type = payload != null && payload.isDecoded() ? payload.event().getSchema().getFullName() : "undecodable";
            metrics.handled(work.consumer, type, MessagingMetrics.Outcome.DEAD_LETTERED, 1);
        }
        metrics.batchHandled(work.consumer, java.time.Duration.ofNanos(System.nanoTime() - t0));
    }

    private Uni<Void> apply(Work work, List<ReceivedEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Predicate<Throwable> other = e -> !(e instanceof RejectedEventException) && !Transience.isTransient(e);
        return Uni.createFrom().deferred(() -> transaction(work, events))
                // Abandoned (and retried as transient) rather than holding the partition: PostgreSQL ends
                // the abandoned transaction (idle_in_transaction_session_timeout) and releases its locks.
                .ifNoItem().after(transactionTimeout).failWith(() -> new TimeoutException(work.consumer + ": a batch of "
                        + events.size() + " did not commit within " + transactionTimeout))
                .onFailure(RejectedEventException.class).recoverWithUni(e -> {
                    ReceivedEvent rejected = ((RejectedEventException) e).event();
                    if (rejected == null || !work.origin.containsKey(rejected)) {
                        return Uni.createFrom().failure(new IllegalStateException(
                                "a handler rejected an event that is not in its batch", e));
                    }
                    work.reject(rejected, e);
                    return apply(work, events.stream().filter(x -> x != rejected).toList());
                })
                .onFailure(Transience::isTransient).invoke(e -> LOG.warnf("%s: transient failure, retrying: %s",
                        work.consumer, e.toString()))
                .onFailure(Transience::isTransient).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10))
                .indefinitely()
                .onFailure(other).retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(1)).atMost(2)
                .onFailure(other).recoverWithUni(e -> {
                    if (events.size() == 1) {
                        work.reject(events.get(0), e);
                        return Uni.createFrom().voidItem();
                    }
                    LOG.warnf("%s: a batch of %d failed (%s); applying its events one by one", work.consumer,
                            events.size(), e.toString());
                    return Multi.createFrom().iterable(events)
                            .onItem().transformToUniAndConcatenate(event -> apply(work, List.of(event)))
                            .collect().asList().replaceWithVoid();
                });
    }

    private Uni<Void> transaction(Work work, List<ReceivedEvent> events) {
        List<ReceivedEvent> claimed = new ArrayList<>();
        return Panache.withTransaction(() -> Panache.getSession()
                        .chain(session -> claim(session, work.consumer, events))
                        .invoke(claimed::addAll)
                        .chain(fresh -> fresh.isEmpty() ? Uni.createFrom().voidItem() : work.handler.handle(fresh)))
                .invoke(() -> {
                    // Committed: these were applied now; the rest of this attempt's events had been before.
                    work.applied.addAll(claimed);
                    work.duplicates += events.size() - claimed.size();
                });
    }

    /** Records the ids in the inbox; returns the events whose ids were not there yet, in order. */
    private static Uni<List<ReceivedEvent>> claim(Mutiny.Session session, String consumer, List<ReceivedEvent> events) {
        MultiRowSql sql = MultiRowSql.values("insert into inbox (consumer, event_id) values",
                events.stream().map(e -> new Object[] {consumer, e.id()}).toList(),
                "on conflict do nothing returning event_id");
        Mutiny.SelectionQuery<String> insert = sql.bind(session.createNativeQuery(sql.sql(), String.class));
        return insert.getResultList().map(inserted -> {
            Set<String> fresh = new HashSet<>(inserted);
            return events.stream().filter(e -> fresh.contains(e.id())).toList();
        });
    }

    private Uni<Void> deadLetter(String consumer, DeadLetter dead) {
        KafkaRecord<String, InboundEvent> record = dead.record();
        IncomingKafkaRecordMetadata<?, ?> meta = record.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        byte[] raw = record.getPayload() == null ? null : record.getPayload().raw();
        return deadLetters.send(consumer, record.getTopic(), record.getPartition(), meta == null ? -1 : meta.getOffset(),
                record.getKey(), record.getHeaders(), raw, dead.error());
    }

    private static ReceivedEvent receive(KafkaRecord<String, InboundEvent> record, InboundEvent inbound, String id) {
        Headers headers = record.getHeaders();
        IncomingKafkaRecordMetadata<?, ?> meta = record.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        Instant time = record.getTimestamp();
        String ceTime = header(headers, CloudEventHeaders.TIME);
        if (ceTime != null) {
            try {
                time = Instant.parse(ceTime);
            } catch (DateTimeParseException ignored) {
                // keep the record timestamp
            }
        }
        return new ReceivedEvent(id, inbound.event().getSchema().getFullName(), record.getKey(),
                header(headers, CloudEventHeaders.SOURCE), time, inbound.event(), record.getTopic(),
                record.getPartition(), meta == null ? -1 : meta.getOffset(), TraceContext.extract(headers));
    }

    /**
     * A CONSUMER span for the event, child of the context it carries: the consuming service joins
     * the producer's trace, and events it decides while handling this one continue from this span.
     */
    private Span startSpan(ReceivedEvent event) {
        return tracer.spanBuilder(event.topic() + " process")
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(event.traceContext())
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation", "process")
                .setAttribute("messaging.destination.name", event.topic())
                .setAttribute("messaging.message.id", event.id())
                .setAttribute("messaging.kafka.message.key", String.valueOf(event.key()))
                .setAttribute("messaging.kafka.destination.partition", event.partition())
                .setAttribute("messaging.kafka.message.offset", event.offset())
                .setAttribute("cloudevents.event_type", event.type())
                .startSpan();
    }

    private static ReceivedEvent withTraceContext(ReceivedEvent event, Context context) {
        return new ReceivedEvent(event.id(), event.type(), event.key(), event.source(), event.time(), event.event(),
                event.topic(), event.partition(), event.offset(), context);
    }

    private static String header(Headers headers, String key) {
        Header header = headers == null ? null : headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
