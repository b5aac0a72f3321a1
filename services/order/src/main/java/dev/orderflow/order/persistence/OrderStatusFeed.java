package dev.orderflow.order.persistence;

import java.time.Duration;

import dev.orderflow.messaging.DedicatedConnections;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.mutiny.pgclient.PgConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Ids of orders whose status just changed, from any instance of the service: the transaction that
 * changes a status NOTIFYs {@link #CHANNEL} ({@link OrderStore#announce}), PostgreSQL delivers it at
 * commit to every instance LISTENing here, so a client following an order on one instance sees
 * what another instance decided.
 */
@ApplicationScoped
public class OrderStatusFeed {

    static final String CHANNEL = "order_status";

    private static final Logger LOG = Logger.getLogger(OrderStatusFeed.class);

    private final DedicatedConnections connections;
    private final BroadcastProcessor<String> changes = BroadcastProcessor.create();
    private volatile PgConnection connection;
    private volatile boolean running;

    OrderStatusFeed(DedicatedConnections connections) {
        this.connections = connections;
    }

    /** Ids of orders whose status changed from now on. */
    public Multi<String> changes() {
        return changes;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        listen();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        PgConnection current = connection;
        if (current != null) {
            current.closeAndForget();
        }
    }

    private void listen() {
        connections.open()
                .call(c -> c.query("listen " + CHANNEL).execute())
                .subscribe().with(c -> {
                    connection = c;
                    c.notificationHandler(n -> changes.onNext(n.getPayload()));
                    c.closeHandler(this::reconnect);
                }, e -> {
                    LOG.warnf("cannot listen for order status changes yet: %s", e.toString());
                    reconnect();
                });
    }

    private void reconnect() {
        connection = null;
        if (running) {
            io.smallrye.mutiny.Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofSeconds(2))
                    .subscribe().with(ignored -> listen());
        }
    }
}
