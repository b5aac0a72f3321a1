package dev.orderflow.messaging.calls;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.orderflow.messaging.MessagingConfig;
import dev.orderflow.messaging.MessagingMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

/**
 * Makes the pending external calls, outside any transaction. A round claims due calls with a lease
 * ({@code for update skip locked}, so instances share the work without taking the same call), and
 * performs them concurrently, each on a Vert.x context of its own (its own Hibernate Reactive
 * session). A call whose handler fails stays pending and comes due again after an exponential
 * back-off with jitter; a call whose instance dies comes due again when its lease ends.
 */
@ApplicationScoped
public class CallRunner {

    private static final Logger LOG = Logger.getLogger(CallRunner.class);

    private static final String CLAIM = "update pending_calls c set attempts = c.attempts + 1,"
            + " leased_until = now() + make_interval(secs => $1)"
            + " where c.id in (select id from pending_calls where due_at <= now()"
            + " and (leased_until is null or leased_until < now()) order by due_at, id limit $2 for update skip locked)"
            + " returning c.id, c.kind, c.subject, c.attempts";
    private static final String FAILED = "update pending_calls set leased_until = null,"
            + " due_at = now() + make_interval(secs => $2), last_error = $3 where id = $1";

    private final Pool pool;
    private final Vertx vertx;
    private final MessagingConfig.Calls config;
    private final MessagingMetrics metrics;
    private final Map<String, CallHandler> handlers = new HashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    CallRunner(Pool pool, Vertx vertx, MessagingConfig config, MessagingMetrics metrics, Instance<CallHandler> handlers) {
        this.pool = pool;
        this.vertx = vertx;
        this.config = config.calls();
        this.metrics = metrics;
        for (CallHandler handler : handlers) {
            CallHandler previous = this.handlers.put(handler.kind(), handler);
            if (previous != null) {
                throw new IllegalStateException("two handlers for calls of kind " + handler.kind());
            }
        }
    }

    void start(@Observes StartupEvent event) {
        if (!handlers.isEmpty()) {
            timer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> round());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One round at a time: a tick that finds the previous round still going does nothing. */
    private void round() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        Context context = isolatedContext();
        Uni.createFrom().deferred(this::runDue)
                .runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()))
                .onFailure().invoke(e -> LOG.warnf("pending calls not claimed this round: %s", e.toString()))
                .onFailure().recoverWithNull()
                .eventually(() -> running.set(false))
                .subscribe().with(ignored -> { });
    }

    /** Claims and performs the calls due now; returns how many it attempted. */
    public Uni<Integer> runDue() {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of((double) config.lease().toSeconds(), config.batchSize()))
                .map(rows -> {
                    List<PendingCall> due = new java.util.ArrayList<>();
                    for (Row row : rows) {
                        due.add(new PendingCall(row.getLong(0), row.getString(1), row.getString(2), row.getInteger(3)));
                    }
                    return due;
                })
                .chain(due -> due.isEmpty() ? Uni.createFrom().item(0)
                        : Multi.createFrom().iterable(due)
                                .onItem().transformToUni(this::perform).merge(config.concurrency())
                                .collect().asList().map(List::size));
    }

    private Uni<Void> perform(PendingCall call) {
        CallHandler handler = handlers.get(call.kind());
        if (handler == null) {
            return failed(call, new IllegalStateException("no handler for calls of kind " + call.kind()));
        }
        Context context = isolatedContext();
        return Uni.createFrom().deferred(() -> handler.perform(call))
                .runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()))
                .invoke(() -> metrics.callAttempted(call.kind(), true))
                .onFailure().recoverWithUni(e -> failed(call, e));
    }

    private Uni<Void> failed(PendingCall call, Throwable error) {
        metrics.callAttempted(call.kind(), false);
        Duration delay = backoff(call.attempt());
        LOG.warnf("%s call for %s failed (attempt %d), retrying in %d ms: %s", call.kind(), call.subject(), call.attempt(),
                delay.toMillis(), error.toString());
        return pool.preparedQuery(FAILED)
                .execute(Tuple.of(call.id(), delay.toMillis() / 1000.0, String.valueOf(error)))
                .replaceWithVoid()
                .onFailure().recoverWithNull(); // the lease runs out and the call comes due again anyway
    }

    /** A context of its own, as a request gets: sessions opened on it are not shared with other work. */
    private Context isolatedContext() {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        return context;
    }

    /** 0.5 s doubling per attempt up to the maximum, with up to 50% random jitter so that retries spread. */
    Duration backoff(int attempt) {
        long base = Math.min(config.maxBackoff().toMillis(), 500L << Math.min(20, Math.max(0, attempt - 1)));
        return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }
}
