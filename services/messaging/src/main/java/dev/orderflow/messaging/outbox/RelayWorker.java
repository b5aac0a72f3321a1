package dev.orderflow.messaging.outbox;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.orderflow.events.catalog.CloudEventHeaders;
import dev.orderflow.events.catalog.EventSerdeConfig;
import dev.orderflow.messaging.AvroBinary;
import dev.orderflow.messaging.tracing.TraceContext;
import dev.orderflow.messaging.SchemaKeyedDatumProvider;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * One relay loop on its own thread. It publishes only while it holds the outbox's advisory lock on a
 * connection of its own, so that among several instances of a service exactly one publishes (in
 * seq order, hence in order per key); the others stand by and take over when that connection goes.
 * On the same connection it LISTENs for the commit-time notification of {@link Outbox}, and it
 * polls as a fallback. A round reads a batch in seq order, sends it (acks=all, idempotent
 * producer), waits for every acknowledgement, and only then marks the rows published: a crash in
 * between republishes them, which consumers' inboxes absorb; a broker outage is retried with
 * back-off, never dropped.
 */
public final class RelayWorker implements Runnable {

    /** pg advisory lock key of the relay role (any fixed number; one lock per service database). */
    static final long LOCK_KEY = 0x6f726465_72666c6fL; // "orderflo"

    private static final Logger LOG = Logger.getLogger(RelayWorker.class);

    private static final String SELECT_BATCH = "select seq, event_id, topic, message_key, event_type, source,"
            + " occurred_at, traceparent, tracestate, payload from outbox where published_at is null order by seq limit $1";
    /** How long {@link #stop()} lets a round in progress finish before interrupting it. */
    static final Duration STOP_GRACE = Duration.ofSeconds(2);
    private static final String MARK_PUBLISHED = "update outbox set published_at = now() where seq = any($1)";

    /** What a relay needs; shared by all workers of a process. */
    public record Dependencies(Pool pool, Supplier<Uni<PgConnection>> dedicatedConnection,
                               MutinyEmitter<byte[]> emitter, Tracer tracer, String registryUrl,
                               Consumer<List<String>> beforeMarking, java.util.function.BiConsumer<String, Integer> published) {
    }

    private final String name;
    private final Dependencies deps;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration standbyInterval;
    private final Duration maxBackoff;
    private final Semaphore wakeUp = new Semaphore(0);
    private final AtomicLong published = new AtomicLong();
    private final AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>();

    private volatile boolean running = true;
    private volatile PgConnection leaderConnection;
    private volatile Thread thread;

    public RelayWorker(String name, Dependencies deps, int batchSize, Duration pollInterval, Duration standbyInterval,
                       Duration maxBackoff) {
        this.name = name;
        this.deps = deps;
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.standbyInterval = standbyInterval;
        this.maxBackoff = maxBackoff;
        java.util.Map<String, Object> serdeConfig = new java.util.HashMap<>(EventSerdeConfig.serializer(deps.registryUrl()));
        serdeConfig.putAll(SchemaKeyedDatumProvider.CONFIG);
        serializer.configure(serdeConfig, false);
    }

    /** Starts the loop on a new thread. */
    public RelayWorker start() {
        Thread t = new Thread(this, name);
        t.setDaemon(true);
        thread = t;
        t.start();
        return this;
    }

    /**
     * Stops the loop, gives up the relay role, and waits for the thread to end. A round in progress
     * gets a moment to finish; one still waiting for the broker's acknowledgements after that (the
     * broker away) is interrupted: its rows are not marked, so whichever relay runs next sends them
     * again, and consumers' inboxes absorb a copy that did get through. Shutting down never waits for
     * an absent broker.
     */
    public void stop() {
        running = false;
        wakeUp.release();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(STOP_GRACE.toMillis());
                if (t.isAlive()) {
                    t.interrupt();
                    t.join(TimeUnit.SECONDS.toMillis(5));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        resign();
        serializer.close();
    }

    public boolean isLeader() {
        return leaderConnection != null;
    }

    /** Rows this worker has published since it started. */
    public long published() {
        return published.get();
    }

    /** Asks for a round now (used on notifications). */
    public void wake() {
        wakeUp.release();
    }

    @Override
    public void run() {
        Duration backoff = Duration.ofMillis(100);
        while (running) {
            try {
                if (leaderConnection == null && !tryToLead()) {
                    wakeUp.tryAcquire(standbyInterval.toMillis(), TimeUnit.MILLISECONDS);
                    continue;
                }
                int sent = round();
                backoff = Duration.ofMillis(100);
                if (sent < batchSize) {
                    wakeUp.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                LOG.warnf("%s: round failed, retrying in %d ms: %s", name, backoff.toMillis(), e.toString());
                if (leaderConnection != null && !connectionAlive()) {
                    resign();
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * Takes the relay role if no other instance has it. The lock lives on a connection of its own,
     * outside the pool: closing it (or the process dying) is what releases the role.
     */
    private boolean tryToLead() {
        PgConnection connection = deps.dedicatedConnection().get().await().atMost(Duration.ofSeconds(10));
        boolean locked;
        try {
            locked = connection.preparedQuery("select pg_try_advisory_lock($1)").execute(Tuple.of(LOCK_KEY))
                    .await().atMost(Duration.ofSeconds(10)).iterator().next().getBoolean(0);
        } catch (RuntimeException e) {
            connection.closeAndForget();
            throw e;
        }
        if (!locked) {
            connection.closeAndForget();
            return false;
        }
        connection.notificationHandler(notification -> wakeUp.release());
        connection.closeHandler(() -> {
            if (leaderConnection == connection) {
                LOG.warnf("%s: lost the relay connection; standing by", name);
                leaderConnection = null;
            }
        });
        connection.query("listen " + Outbox.CHANNEL).execute().await().atMost(Duration.ofSeconds(10));
        leaderConnection = connection;
        LOG.infof("%s: relaying the outbox", name);
        return true;
    }

    private boolean connectionAlive() {
        try {
            leaderConnection.query("select 1").execute().await().atMost(Duration.ofSeconds(5));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void resign() {
        PgConnection connection = leaderConnection;
        leaderConnection = null;
        if (connection != null) {
            try {
                // Closing the connection releases the session's advisory lock.
                connection.close().await().atMost(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debugf("%s: closing the relay connection: %s", name, e);
            }
        }
    }

    /** One round: read, send, await acknowledgements, mark. Returns the number of rows published. */
    int round() {
        RowSet<Row> rows = deps.pool().preparedQuery(SELECT_BATCH).execute(Tuple.of(batchSize))
                .await().atMost(Duration.ofSeconds(30));
        if (rows.size() == 0) {
            return 0;
        }
        List<Uni<Void>> acks = new ArrayList<>(rows.size());
        List<Long> seqs = new ArrayList<>(rows.size());
        List<String> ids = new ArrayList<>(rows.size());
        java.util.Map<String, Integer> perTopic = new java.util.HashMap<>();
        for (Row row : rows) {
            seqs.add(row.getLong("seq"));
            ids.add(row.getString("event_id"));
            perTopic.merge(row.getString("topic"), 1, Integer::sum);
            acks.add(send(row));
        }
        // Every acknowledgement, or the round fails and the same rows go again.
        Uni.join().all(acks).andFailFast().await().atMost(Duration.ofMinutes(3));
        deps.beforeMarking().accept(ids);
        deps.pool().preparedQuery(MARK_PUBLISHED).execute(Tuple.of(seqs.toArray(Long[]::new)))
                .await().atMost(Duration.ofSeconds(30));
        published.addAndGet(rows.size());
        perTopic.forEach(deps.published());
        return rows.size();
    }

    private Uni<Void> send(Row row) {
        String topic = row.getString("topic");
        String key = row.getString("message_key");
        String eventId = row.getString("event_id");
        String type = row.getString("event_type");
        OffsetDateTime occurredAt = row.getOffsetDateTime("occurred_at");
        Headers headers = new RecordHeaders();
        CloudEventHeaders.of(eventId, type, row.getString("source"), occurredAt.toInstant(), key)
                .forEach(headers::add);

        Context parent = TraceContext.restore(row.getString("traceparent"), row.getString("tracestate"));
        Span span = deps.tracer().spanBuilder(topic + " publish")
                .setSpanKind(SpanKind.PRODUCER)
                .setParent(parent)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation", "publish")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.message.id", eventId)
                .setAttribute("messaging.kafka.message.key", key)
                .setAttribute("cloudevents.event_type", type)
                .startSpan();
        TraceContext.inject(parent.with(span), headers);

        byte[] value;
        try {
            SpecificRecord event = AvroBinary.decode(type, row.getBuffer("payload").getBytes());
            value = serializer.serialize(topic, event);
        } catch (RuntimeException e) {
            span.recordException(e);
            span.end();
            throw new IllegalStateException("cannot encode outbox row " + eventId + " (" + type + "): " + e.getMessage(), e);
        }
        Message<byte[]> message = Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(key)
                .withHeaders(headers)
                .build());
        return deps.emitter().sendMessage(message)
                .onFailure().invoke(e -> span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage())))
                .eventually(() -> span.end());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + (isLeader() ? " (relaying)" : " (standby)") + ", published " + published.get();
    }
}
