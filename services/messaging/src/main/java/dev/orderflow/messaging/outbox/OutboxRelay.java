package dev.orderflow.messaging.outbox;

import java.util.Optional;

import dev.orderflow.messaging.MessagingConfig;
import dev.orderflow.messaging.MessagingMetrics;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
    Vertx vertx;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String databaseUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> databaseUser;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> databasePassword;

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
                new RelayWorker.Dependencies(pool, this::connectDedicated, emitter, tracer, config.registryUrl(),
                        ids -> published.fire(new OutboxBatchPublished(ids)), metrics::published),
                relay.batchSize(), relay.pollInterval(), relay.standbyInterval(), relay.maxBackoff());
    }

    /** A connection outside the pool, to the service's database, for the relay role's lock and LISTEN. */
    private Uni<PgConnection> connectDedicated() {
        PgConnectOptions options = PgConnectOptions.fromUri(databaseUrl.replaceFirst("^vertx-reactive:", ""));
        databaseUser.ifPresent(options::setUser);
        databasePassword.ifPresent(options::setPassword);
        return PgConnection.connect(vertx, options);
    }
}
