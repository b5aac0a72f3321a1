package dev.orderflow.messaging.outbox;

import dev.orderflow.messaging.DedicatedConnections;
import dev.orderflow.messaging.MessagingConfig;
import dev.orderflow.messaging.MessagingMetrics;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Runs this instance's {@link RelayWorker}: from start-up until shutdown, relaying the outbox when
 * this instance holds the relay role, standing by otherwise.
 */
@ApplicationScoped
public class OutboxRelay {

    @Inject
    MessagingConfig config;

    @Inject
    Pool pool;

    @Inject
    DedicatedConnections connections;

    @Inject
    Tracer tracer;

    @Inject
    Event<OutboxBatchPublished> published;

    @Inject
    MessagingMetrics metrics;

    @Inject
    @Channel("orderflow-outbox")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192)
    MutinyEmitter<byte[]> emitter;

    private volatile RelayWorker worker;

    void onStart(@Observes StartupEvent event) {
        if (config.relay().enabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts relaying (a no-op when running). */
    public synchronized void start() {
        if (worker == null) {
            worker = newWorker("outbox-relay").start();
        }
    }

    /** Stops relaying; staged events wait in the outbox until {@link #start()}. */
    public synchronized void stop() {
        if (worker != null) {
            worker.stop();
            worker = null;
        }
    }

    public boolean isRelaying() {
        RelayWorker current = worker;
        return current != null && current.isLeader();
    }

    /**
     * A worker with this instance's dependencies and settings, not started: what another instance of
     * the service would run (tests start several to prove they do not publish twice).
     */
    public RelayWorker newWorker(String name) {
        MessagingConfig.Relay relay = config.relay();
        return new RelayWorker(name,
                new RelayWorker.Dependencies(pool, connections::open, emitter, tracer, config.registryUrl(),
                        ids -> published.fire(new OutboxBatchPublished(ids)), metrics::published),
                relay.batchSize(), relay.pollInterval(), relay.standbyInterval(), relay.maxBackoff());
    }
}
