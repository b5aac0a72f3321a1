package dev.orderflow.messaging;

import java.time.Duration;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Deletes published outbox rows and inbox rows past their retention, on a schedule. */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);

    private final Pool pool;
    private final MessagingConfig config;

    Housekeeping(Pool pool, MessagingConfig config) {
        this.pool = pool;
        this.config = config;
    }

    @Scheduled(every = "${orderflow.messaging.cleanup.every:15m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return cleanUp().invoke(deleted -> {
            if (deleted > 0) {
                LOG.infof("deleted %d outbox/inbox rows past retention", deleted);
            }
        }).replaceWithVoid();
    }

    /** Deletes what is past retention now; returns how many rows went. */
    public Uni<Integer> cleanUp() {
        return delete("delete from outbox where published_at < now() - make_interval(secs => $1)", config.retention().outbox())
                .chain(outbox -> delete("delete from inbox where received_at < now() - make_interval(secs => $1)",
                        config.retention().inbox()).map(inbox -> outbox + inbox));
    }

    private Uni<Integer> delete(String sql, Duration retention) {
        return pool.preparedQuery(sql).execute(Tuple.of((double) retention.toSeconds())).map(rows -> rows.rowCount());
    }
}
