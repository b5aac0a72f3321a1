package dev.orderflow.shipping;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.orderflow.events.inventory.StockCommitted;
import dev.orderflow.messaging.KeyLocks;
import dev.orderflow.messaging.Tombstones;
import dev.orderflow.messaging.calls.Calls;
import dev.orderflow.messaging.calls.PendingCall;
import dev.orderflow.messaging.inbox.ReceivedEvent;
import dev.orderflow.messaging.outbox.Outbox;
import dev.orderflow.messaging.outbox.OutgoingEvent;
import dev.orderflow.shipping.domain.ScheduleResult;
import dev.orderflow.shipping.domain.Shipment;
import dev.orderflow.shipping.events.ShippingEvents;
import dev.orderflow.shipping.persistence.ShipmentStore;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The shipping service's use cases. Reacting to events decides and stages (a shipment requested, a
 * cancellation due) in the inbox's transaction; the carrier is called afterwards, outside any
 * transaction, and its answer recorded in a transaction of its own.
 */
@ApplicationScoped
public class ShippingService {

    public static final String SCHEDULE = "schedule";
    public static final String CANCEL = "cancel";

    private static final Logger LOG = Logger.getLogger(ShippingService.class);

    private final ShipmentStore store;
    private final Outbox outbox;
    private final Calls calls;
    private final Tombstones tombstones;
    private final Clock clock = Clock.systemUTC();

    ShippingService(ShipmentStore store, Outbox outbox, Calls calls, Tombstones tombstones) {
        this.store = store;
        this.outbox = outbox;
        this.calls = calls;
        this.tombstones = tombstones;
    }

    /** Orders whose stock is committed (paid in time) get a shipment; ended orders lose theirs. (Runs inside the inbox's transaction.) */
    public Uni<Void> apply(List<ReceivedEvent> events) {
        List<ReceivedEvent> relevant = events.stream()
                .filter(e -> e.is(StockCommitted.class) || ShippingEvents.endsTheOrder(e)).toList();
        Set<String> orderIds = new LinkedHashSet<>();
        relevant.forEach(e -> orderIds.add(e.key()));
        // Commitments and endings of one order come on different subscriptions: one at a time per order.
        return KeyLocks.lock(orderIds).chain(() -> store.lockByOrder(orderIds)).chain(shipments -> tombstones.among(orderIds)
                .chain(ended -> decide(relevant, new LinkedHashMap<>(shipments), new LinkedHashSet<>(ended))));
    }

    private Uni<Void> decide(List<ReceivedEvent> events, Map<String, Shipment> shipments, Set<String> ended) {
        Instant now = clock.instant();
        Map<String, Shipment> created = new LinkedHashMap<>();
        Map<String, Shipment> changed = new LinkedHashMap<>();
        Set<String> newlyEnded = new LinkedHashSet<>();
        List<String> schedule = new ArrayList<>();
        List<String> cancel = new ArrayList<>();
        for (ReceivedEvent event : events) {
            String orderId = event.key();
            Shipment current = shipments.get(orderId);
            if (event.is(StockCommitted.class)) {
                if (current != null || ended.contains(orderId)) {
                    LOG.infof("order %s: %s; no shipment requested", orderId, current != null ? "shipment exists" : "order ended");
                    continue;
                }
                Shipment requested = ShippingEvents.request(UUID.randomUUID().toString(), event.as(StockCommitted.class), now);
                shipments.put(orderId, requested);
                created.put(requested.id(), requested);
                schedule.add(requested.id());
            } else if (current == null) {
                if (ended.add(orderId)) {
                    newlyEnded.add(orderId);
                }
            } else {
                Shipment.Transition t = current.orderEnded(now);
                shipments.put(orderId, t.shipment());
                (created.containsKey(current.id()) ? created : changed).put(current.id(), t.shipment());
                if (t.cancelDue()) {
                    LOG.infof("order %s ended: cancelling shipment %s", orderId, current.id());
                    cancel.add(current.id());
                }
            }
        }
        return store.insert(created.values())
                .chain(() -> store.update(changed.values()))
                .chain(() -> tombstones.add(newlyEnded))
                .chain(() -> calls.stage(SCHEDULE, schedule))
                .chain(() -> calls.stage(CANCEL, cancel));
    }

    @WithSession
    public Uni<Shipment> toSchedule(String shipmentId) {
        return store.find(shipmentId).map(s -> s.filter(Shipment::awaitsScheduling).orElse(null));
    }

    @WithSession
    public Uni<Shipment> toCancel(String shipmentId) {
        return store.find(shipmentId).map(s -> s.filter(Shipment::awaitsCancellation).orElse(null));
    }

    /** Records the carrier's answer to a shipment request and completes the call. */
    @WithTransaction
    public Uni<Void> scheduleAnswered(PendingCall call, ScheduleResult result) {
        return record(call, s -> s.scheduleResult(result, clock.instant()));
    }

    /** Records a cancellation the carrier confirmed and completes the call. */
    @WithTransaction
    public Uni<Void> cancelled(PendingCall call) {
        return record(call, s -> s.cancelled(clock.instant()));
    }

    @WithTransaction
    public Uni<Void> nothingToDo(PendingCall call) {
        return calls.complete(call);
    }

    private Uni<Void> record(PendingCall call, java.util.function.Function<Shipment, Shipment.Transition> decision) {
        return store.lock(call.subject()).chain(found -> {
            if (found.isEmpty()) {
                return calls.complete(call);
            }
            Instant now = clock.instant();
            Shipment.Transition t = decision.apply(found.get());
            LOG.debugf("shipment %s for order %s: %s", t.shipment().id(), t.shipment().orderId(), t.shipment().status());
            List<OutgoingEvent> outgoing = t.facts().stream().map(f -> ShippingEvents.toEvent(f, null, now)).toList();
            return store.update(List.of(t.shipment()))
                    .chain(() -> outbox.stage(outgoing))
                    .chain(() -> t.cancelDue() ? calls.stage(CANCEL, t.shipment().id()) : Uni.createFrom().voidItem())
                    .chain(() -> calls.complete(call));
        });
    }
}
