package dev.orderflow.inventory;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Timeouts without an orchestrator: unpaid reservations expire after their time to live, their
 * stock becomes available again, and ReservationExpired tells the order. Safe with several
 * instances (each locks what it expires and skips what another holds).
 */
@ApplicationScoped
public class ReservationExpiry {

    private static final Logger LOG = Logger.getLogger(ReservationExpiry.class);
    private static final int BATCH = 200;

    @Inject
    InventoryService inventory;

    @Scheduled(every = "${inventory.reservation.expiry-check:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expire() {
        return inventory.expireDue(BATCH)
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("expired %d unpaid reservation(s)", n);
                    }
                })
                .replaceWithVoid();
    }
}
