package dev.orderflow.inventory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.orderflow.inventory.domain.OrderFact;
import dev.orderflow.inventory.domain.Reservation;
import dev.orderflow.inventory.domain.Stock;
import dev.orderflow.inventory.domain.StockChange;
import dev.orderflow.inventory.domain.StockLevel;
import dev.orderflow.inventory.events.InventoryEvents;
import dev.orderflow.inventory.persistence.InventoryStore;
import dev.orderflow.messaging.inbox.Translated;
import dev.orderflow.messaging.outbox.Outbox;
import dev.orderflow.messaging.outbox.OutgoingEvent;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The inventory's use cases. Every unit of work locks the reservations and then the stock rows it
 * touches (in that order, each sorted), decides on them in memory with {@link Stock}, writes the
 * result set-based and stages the facts in the outbox, all in one transaction.
 */
@ApplicationScoped
public class InventoryService {

    private static final Logger LOG = Logger.getLogger(InventoryService.class);

    private final InventoryStore store;
    private final Outbox outbox;
    private final Duration ttl;
    private final Clock clock = Clock.systemUTC();

    InventoryService(InventoryStore store, Outbox outbox,
                     @ConfigProperty(name = "inventory.reservation.ttl", defaultValue = "PT15M") Duration ttl) {
        this.store = store;
        this.outbox = outbox;
        this.ttl = ttl;
    }

    /** Applies a batch of new facts about orders (runs inside the inbox's transaction). */
    public Uni<Void> apply(List<Translated<OrderFact>> facts) {
        Set<String> orderIds = new LinkedHashSet<>();
        for (Translated<OrderFact> fact : facts) {
            orderIds.add(fact.fact().orderId());
        }
        return store.lockReservationsOf(orderIds).chain(existing -> {
            Set<String> skus = new LinkedHashSet<>();
            existing.values().forEach(r -> r.lines().forEach(l -> skus.add(l.sku())));
            for (Translated<OrderFact> fact : facts) {
                if (fact.fact() instanceof OrderFact.Placed placed) {
                    placed.lines().forEach(l -> skus.add(l.sku()));
                }
            }
            return store.lockLevels(skus).chain(levels -> decide(facts, new LinkedHashMap<>(existing), new Stock(levels)));
        });
    }

    private Uni<Void> decide(List<Translated<OrderFact>> facts, Map<String, Reservation> reservations, Stock stock) {
        Instant now = clock.instant();
        List<OutgoingEvent> outgoing = new ArrayList<>();
        Map<String, Reservation> created = new LinkedHashMap<>();
        Map<String, Reservation> changed = new LinkedHashMap<>();
        for (Translated<OrderFact> translated : facts) {
            int changesBefore = stock.changes().size();
            String orderId = translated.fact().orderId();
            Reservation current = reservations.get(orderId);
            switch (translated.fact()) {
                case OrderFact.Placed placed -> {
                    if (current != null) {
                        LOG.infof("order %s is reserved already (%s); ignoring a second OrderPlaced", orderId, current.status());
                        continue;
                    }
                    Stock.Decision decision = stock.reserve(orderId, placed.lines(), now, ttl, () -> UUID.randomUUID().toString());
                    if (decision instanceof Stock.Reserved reserved) {
                        reservations.put(orderId, reserved.reservation());
                        created.put(reserved.reservation().id(), reserved.reservation());
                        outgoing.add(InventoryEvents.reserved(translated, reserved.reservation(), now));
                    } else if (decision instanceof Stock.Refused refused) {
                        outgoing.add(InventoryEvents.refused(translated, refused.shortages(), now));
                    }
                }
                case OrderFact.Paid paid -> {
                    // The one decision on held stock: committed to the paid order now, unless it expired or was released
                    // first, in which case ReservationExpired (or StockReleased) is out already and the order ends with it.
                    if (current != null) {
                        stock.confirm(current).ifPresentOrElse(confirmed -> {
                            remember(reservations, changed, created, confirmed);
                            outgoing.add(InventoryEvents.committed(translated, paid.paymentId(), confirmed, now));
                        }, () -> LOG.infof("order %s paid while its reservation is %s: nothing to commit", orderId,
                                current.status()));
                    }
                }
                case OrderFact.Ended ended -> {
                    // Whatever is still held, or was committed because a payment came first, goes back. After a
                    // rejection the payment's failure or the shipment's has usually released it already.
                    if (current != null) {
                        stock.release(current, Reservation.Status.RELEASED).ifPresent(released -> {
                            remember(reservations, changed, created, released);
                            outgoing.add(InventoryEvents.released(translated, ended.cause(), released, now));
                        });
                    }
                }
            }
            for (StockChange change : stock.changes().subList(changesBefore, stock.changes().size())) {
                outgoing.add(InventoryEvents.levelChanged(translated, change, now));
            }
        }
        return persist(stock, created.values(), changed.values(), outgoing);
    }

    /** Runs the expiry of unpaid reservations once; returns how many expired. */
    @WithTransaction
    public Uni<Integer> expireDue(int limit) {
        Instant now = clock.instant();
        return store.lockExpired(now, limit).chain(expired -> {
            if (expired.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            Set<String> skus = new LinkedHashSet<>();
            expired.forEach(r -> r.lines().forEach(l -> skus.add(l.sku())));
            return store.lockLevels(skus).chain(levels -> {
                Stock stock = new Stock(levels);
                List<OutgoingEvent> outgoing = new ArrayList<>();
                List<Reservation> ended = new ArrayList<>();
                for (Reservation reservation : expired) {
                    int before = stock.changes().size();
                    stock.release(reservation, Reservation.Status.EXPIRED).ifPresent(r -> {
                        ended.add(r);
                        outgoing.add(InventoryEvents.expired(r, now));
                    });
                    for (StockChange change : stock.changes().subList(before, stock.changes().size())) {
                        outgoing.add(InventoryEvents.levelChanged(null, change, now));
                    }
                }
                return persist(stock, List.of(), ended, outgoing).replaceWith(ended.size());
            });
        });
    }

    /** Sets the units available for reservation of a SKU (a count, a delivery, a write-off). */
    @WithTransaction
    public Uni<StockLevel> setAvailable(String sku, int available, String cause) {
        return store.lockLevels(List.of(sku)).chain(levels -> {
            Stock stock = new Stock(levels);
            List<OutgoingEvent> outgoing = stock.setAvailable(sku, available, cause)
                    .map(change -> List.of(InventoryEvents.levelChanged(null, change, clock.instant())))
                    .orElse(List.of());
            return persist(stock, List.of(), List.of(), outgoing).replaceWith(stock.level(sku));
        });
    }

    @WithSession
    public Uni<StockLevel> level(String sku) {
        return store.level(sku);
    }

    private Uni<Void> persist(Stock stock, Collection<Reservation> created, Collection<Reservation> changed,
                              List<OutgoingEvent> outgoing) {
        Map<String, StockLevel> levels = new LinkedHashMap<>();
        stock.changes().forEach(c -> levels.put(c.level().sku(), c.level()));
        return store.saveLevels(levels.values())
                .chain(() -> store.insert(created))
                .chain(() -> store.updateStatuses(changed))
                .chain(() -> outbox.stage(outgoing))
                .replaceWithVoid();
    }

    /** Keeps the newest state of a reservation; one created in this batch is inserted with it. */
    private static void remember(Map<String, Reservation> reservations, Map<String, Reservation> changed,
                                 Map<String, Reservation> created, Reservation next) {
        reservations.put(next.orderId(), next);
        (created.containsKey(next.id()) ? created : changed).put(next.id(), next);
    }
}
