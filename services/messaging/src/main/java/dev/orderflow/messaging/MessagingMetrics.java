package dev.orderflow.messaging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The library's meters, the same in every service: events handled per consumer, type and outcome,
 * batch handling latency, events staged and published, and the outbox backlog (rows committed but
 * not yet published), refreshed every few seconds.
 */
@ApplicationScoped
public class MessagingMetrics {

    /** What became of an event a consumer received ({@code IGNORED}: a type the subscription does not react to). */
    public enum Outcome { APPLIED, DUPLICATE, DEAD_LETTERED, IGNORED }

    private final MeterRegistry registry;
    private final Pool pool;
    private final AtomicLong backlog = new AtomicLong();

    MessagingMetrics(MeterRegistry registry, Pool pool) {
        this.registry = registry;
        this.pool = pool;
        registry.gauge("orderflow.outbox.backlog", backlog);
    }

    public void handled(String consumer, String type, Outcome outcome, int count) {
        if (count > 0) {
            Counter.builder("orderflow.events.handled")
                    .description("Events a consumer received, by what became of them")
                    .tag("consumer", consumer).tag("type", shortName(type)).tag("outcome", outcome.name().toLowerCase())
                    .register(registry).increment(count);
        }
    }

    public void batchHandled(String consumer, Duration took) {
        Timer.builder("orderflow.events.batch.duration")
                .description("Time from receiving a batch to committing its effects and acknowledging it")
                .tag("consumer", consumer)
                .publishPercentileHistogram()
                .register(registry).record(took);
    }

    public void staged(String type) {
        Counter.builder("orderflow.outbox.staged").tag("type", shortName(type)).register(registry).increment();
    }

    public void published(String topic, int count) {
        Counter.builder("orderflow.outbox.published").tag("topic", topic).register(registry).increment(count);
    }

    @Scheduled(every = "${orderflow.messaging.metrics.backlog-every:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshBacklog() {
        return pool.query("select count(*) from outbox where published_at is null").execute()
                .invoke(rows -> backlog.set(rows.iterator().next().getLong(0)))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** An external call attempt ended: {@code ok}, or {@code failed} (it stays pending and is retried). */
    public void callAttempted(String kind, boolean ok) {
        Counter.builder("orderflow.calls.attempts")
                .description("Attempts of external calls (gateway, carrier, mail), by outcome")
                .tag("kind", kind).tag("outcome", ok ? "ok" : "failed")
                .register(registry).increment();
    }

    private static String shortName(String type) {
        return type == null ? "unknown" : type.substring(type.lastIndexOf('.') + 1);
    }
}
