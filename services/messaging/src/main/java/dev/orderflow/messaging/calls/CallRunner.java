package dev.orderflow.messaging.calls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.orderflow.messaging.MessagingConfig;
import dev.orderflow.messaging.MessagingMetrics;
import dev.orderflow.messaging.Sequentially;
import dev.orderflow.messaging.Transience;
import io.quarkus.hibernate.reactive.panache.Panache;
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
 * ({@code for update skip locked}, so instances share the work without taking the same call) and
 * hands each kind's calls to its {@link CallHandler} as one batch: begun in one transaction, made
 * concurrently (each on a Vert.x context of its own), recorded in one transaction. A call that fails
 * stays pending and comes due again after an exponential back-off with jitter; a call whose instance
 * dies comes due again when its lease ends.
 */
@ApplicationScoped
public class CallRunner {

    private static final Logger LOG = Logger.getLogger(CallRunner.class);

    private static final String CLAIM = "update pending_calls c set attempts = c.attempts + 1,"
            + " leased_until = now() + make_interval(secs => $1)"
            + " where c.id in (select id from pending_calls where due_at <= now()"
            + " and (leased_until is null or leased_until < now()) order by due_at, id limit $2 for update skip locked)"
            + " returning c.id, c.kind, c.subject, c.attempts";

    private final Pool pool;
    private final Vertx vertx;
    private final Calls calls;
    private final MessagingConfig.Calls config;
    private final MessagingMetrics metrics;
    private final Map<String, CallHandler<?, ?>> handlers = new HashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile long timer = -1;

    CallRunner(Pool pool, Vertx vertx, Calls calls, MessagingConfig config, MessagingMetrics metrics, Instance<CallHandler<?, ?>> handlers) {
        this.pool = pool;
        this.calls = calls;
        this.vertx = vertx;
        this.config = config.calls();
        this.metrics = metrics;
        for (CallHandler<?, ?> handler : handlers) {
            CallHandler<?, ?> previous = this.handlers.put(handler.kind(), handler);
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
            timer = -1;
        }
    }

    /**
     * One round at a time: a tick that finds the previous round still going does nothing. A round
     * that claimed a full batch is followed by the next one at once (there may be more due).
     */
    private void round() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        onContextOfItsOwn(this::runDue)
                // A round that never ends would stop all calls: after a lease, the next round may begin
                // (the abandoned round's calls come due again when their leases end).
                .ifNoItem().after(config.lease()).failWith(() -> new TimeoutException("the round did not end within "
                        + config.lease()))
                .onFailure().invoke(e -> LOG.warnf("pending calls round failed: %s", e.toString()))
                .onFailure().recoverWithItem(0)
                .subscribe().with(attempted -> {
                    running.set(false);
                    if (attempted >= config.batchSize() && timer >= 0) {
                        vertx.runOnContext(this::round);
                    }
                });
    }

    /** Claims and performs the calls due now; returns how many it attempted. */
    public Uni<Integer> runDue() {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of((double) config.lease().toSeconds(), config.batchSize()))
                .map(rows -> {
                    Map<String, List<PendingCall>> byKind = new LinkedHashMap<>();
                    for (Row row : rows) {
                        PendingCall call = new PendingCall(row.getLong(0), row.getString(1), row.getString(2), row.getInteger(3));
                        byKind.computeIfAbsent(call.kind(), kind -> new ArrayList<>()).add(call);
                    }
                    return byKind;
                })
                .chain(byKind -> byKind.isEmpty() ? Uni.createFrom().item(0)
                        : Multi.createFrom().iterable(byKind.values())
                                .onItem().transformToUni(this::perform).merge()
                                .collect().with(Collectors.summingInt(Integer::intValue)));
    }

    /** Performs the claimed calls of one kind: begun together, made concurrently, recorded together. */
    private Uni<Integer> perform(List<PendingCall> due) {
        String kind = due.get(0).kind();
        @SuppressWarnings("unchecked")
        CallHandler<Object, Object> handler = (CallHandler<Object, Object>) handlers.get(kind);
        if (handler == null) {
            IllegalStateException error = new IllegalStateException("no handler for calls of kind " + kind);
            return Sequentially.each(due, call -> putOffAlone(call, error)).replaceWith(due.size());
        }
        return inBatchOrEach(due, call -> call, batch -> begin(handler, batch))
                .map(begun -> {
                    Map<Long, Object> targets = new HashMap<>();
                    begun.forEach(targets::putAll);
                    return targets;
                })
                .chain(targets -> Multi.createFrom().iterable(due)
                        .filter(call -> targets.containsKey(call.id()))
                        .onItem().transformToUni(call -> call(handler, call, targets.get(call.id()))).merge(config.concurrency())
                        .collect().asList())
                .chain(outcomes -> inBatchOrEach(outcomes, CallHandler.Outcome::call, batch -> record(handler, batch)).replaceWith(due.size()));
    }

    /** Asks the handler what each call acts on; completes, in the same transaction, the calls it left out. */
    private Uni<Map<Long, Object>> begin(CallHandler<Object, Object> handler, List<PendingCall> calls) {
        return Panache.withTransaction(() -> handler.begin(calls).call(targets -> this.calls.complete(
                calls.stream().filter(call -> !targets.containsKey(call.id())).toList())));
    }

    private Uni<CallHandler.Outcome<Object, Object>> call(CallHandler<Object, Object> handler, PendingCall call, Object target) {
        return onContextOfItsOwn(() -> handler.call(call, target))
                .map(answer -> new CallHandler.Outcome<>(call, target, answer, null))
                .onFailure().recoverWithItem(e -> new CallHandler.Outcome<>(call, target, null, e))
                .invoke(outcome -> metrics.callAttempted(call.kind(), outcome.answered()));
    }

    /** Records the outcomes; completes the answered calls and puts the failed ones off, in the same transaction. */
    private Uni<Void> record(CallHandler<Object, Object> handler, List<CallHandler.Outcome<Object, Object>> outcomes) {
        List<PendingCall> answered = new ArrayList<>();
        List<CallHandler.Outcome<Object, Object>> failed = new ArrayList<>();
        outcomes.forEach(o -> {
            if (o.answered()) {
                answered.add(o.call());
            } else {
                failed.add(o);
            }
        });
        return Panache.withTransaction(() -> handler.record(outcomes)
                .chain(() -> calls.complete(answered))
                .chain(() -> Sequentially.each(failed, o -> putOff(o.call(), o.failure()))));
    }

    /**
     * Runs a step (in a transaction, on a context of its own) for the whole batch; if that fails,
     * for each item alone, so that one item that cannot be done does not hold back the others: the
     * call of an item that fails alone is put off. Yields what the steps that succeeded yielded.
     * While the database is briefly away (a restart), the batch, and then each item alone, is tried
     * again until half a lease has passed: the calls were made, so they are recorded when it is back
     * rather than left to their leases and made again.
     */
    private <I, O> Uni<List<O>> inBatchOrEach(List<I> items, Function<I, PendingCall> callOf, Function<List<I>, Uni<O>> step) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        long deadline = System.currentTimeMillis() + config.lease().dividedBy(2).toMillis();
        // (A step may yield null, a Void: hence singletonList, not List.of.)
        return untilTheDatabaseIsBack(() -> step.apply(items), deadline).map(Collections::singletonList).onFailure().recoverWithUni(batchError -> {
            if (items.size() == 1) {
                return putOffAlone(callOf.apply(items.get(0)), batchError).replaceWith(List.<O>of());
            }
            LOG.warnf("a batch of %d %s calls failed (%s); trying each alone", items.size(), callOf.apply(items.get(0)).kind(),
                    batchError.toString());
            return Multi.createFrom().iterable(items)
                    .onItem().transformToUniAndConcatenate(item -> untilTheDatabaseIsBack(() -> step.apply(List.of(item)), deadline)
                            .map(Collections::singletonList)
                            .onFailure().recoverWithUni(e -> putOffAlone(callOf.apply(item), e).replaceWith(List.<O>of())))
                    .collect().in(ArrayList<O>::new, List::addAll);
        });
    }

    /** Runs a step, each attempt on a context and in a transaction of its own, again after a transient failure until the deadline. */
    private <O> Uni<O> untilTheDatabaseIsBack(Supplier<Uni<O>> step, long deadline) {
        return Uni.createFrom().deferred(() -> this.<O>onContextOfItsOwn(step::get))
                .onFailure(Transience::isTransient).retry().withBackOff(Duration.ofMillis(250), Duration.ofSeconds(5))
                .expireAt(deadline);
    }

    /** Puts a call off inside the current transaction. */
    private Uni<Void> putOff(PendingCall call, Throwable error) {
        Duration delay = backoff(call.attempt());
        LOG.warnf("%s call for %s failed (attempt %d), retrying in %d ms: %s", call.kind(), call.subject(), call.attempt(),
                delay.toMillis(), error.toString());
        return calls.retryLater(call, delay, error);
    }

    /** Puts a call off in a transaction of its own; if even that fails, its lease runs out and it comes due again anyway. */
    private Uni<Void> putOffAlone(PendingCall call, Throwable error) {
        metrics.callAttempted(call.kind(), false);
        return onContextOfItsOwn(() -> Panache.withTransaction(() -> putOff(call, error)))
                .onFailure().invoke(e -> LOG.warnf("%s call for %s not put off (%s); its lease will run out", call.kind(),
                        call.subject(), e.toString()))
                .onFailure().recoverWithNull();
    }

    /** Subscribes on a new context: a session opened there is not shared with other work. */
    private <X> Uni<X> onContextOfItsOwn(Supplier<Uni<? extends X>> work) {
        Context context = isolatedContext();
        return Uni.createFrom().<X>deferred(work).runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()));
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
