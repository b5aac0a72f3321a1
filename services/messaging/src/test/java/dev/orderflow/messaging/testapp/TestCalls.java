package dev.orderflow.messaging.testapp;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.orderflow.messaging.calls.CallHandler;
import dev.orderflow.messaging.calls.PendingCall;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.inject.Singleton;

/**
 * A call handler whose behaviour its subjects choose: {@code gone-*} has nothing to do, {@code flaky-*}
 * fails its first attempt, {@code poison-begin-*} cannot be begun and {@code poison-record-*} cannot be
 * recorded; {@code blip-*} cannot be recorded the first three times, as if the database were restarting;
 * anything else is answered with its subject backwards. What it saw is kept for the test.
 */
@Singleton // no client proxy: the test reads its fields
public class TestCalls implements CallHandler<String, String> {

    public static final String KIND = "test-call";

    public final Map<String, AtomicInteger> made = new ConcurrentHashMap<>();
    public final Map<String, String> recorded = new ConcurrentHashMap<>();
    public final Set<String> recordedFailures = ConcurrentHashMap.newKeySet();
    public final List<Integer> recordBatches = new CopyOnWriteArrayList<>();
    public final Map<String, AtomicInteger> blips = new ConcurrentHashMap<>();

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Uni<Map<Long, String>> begin(List<PendingCall> calls) {
        if (calls.stream().anyMatch(c -> c.subject().startsWith("poison-begin-"))) {
            return Uni.createFrom().failure(new IllegalStateException("cannot begin " + PendingCall.subjects(calls)));
        }
        Map<String, String> targets = new ConcurrentHashMap<>();
        calls.stream().filter(c -> !c.subject().startsWith("gone-")).forEach(c -> targets.put(c.subject(), c.subject()));
        return Uni.createFrom().item(PendingCall.byCall(calls, targets));
    }

    @Override
    public Uni<String> call(PendingCall call, String target) {
        made.computeIfAbsent(target, k -> new AtomicInteger()).incrementAndGet();
        if (target.startsWith("flaky-") && call.attempt() == 1) {
            return Uni.createFrom().failure(new IllegalStateException("the test system is briefly away"));
        }
        return Uni.createFrom().item(new StringBuilder(target).reverse().toString());
    }

    @Override
    public Uni<Void> record(List<Outcome<String, String>> outcomes) {
        if (outcomes.stream().anyMatch(o -> o.target().startsWith("poison-record-"))) {
            return Uni.createFrom().failure(new IllegalStateException("cannot record this batch"));
        }
        for (Outcome<String, String> o : outcomes) {
            if (o.target().startsWith("blip-") && blips.computeIfAbsent(o.target(), k -> new AtomicInteger()).incrementAndGet() <= 3) {
                return Uni.createFrom().failure(new PgException("the database system is starting up", "FATAL", "57P03", null));
            }
        }
        recordBatches.add(outcomes.size());
        outcomes.forEach(o -> {
            if (o.answered()) {
                recorded.put(o.target(), o.answer());
            } else {
                recordedFailures.add(o.target());
            }
        });
        return Uni.createFrom().voidItem();
    }
}
