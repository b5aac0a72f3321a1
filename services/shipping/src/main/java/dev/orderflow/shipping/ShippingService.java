package dev.orderflow.shipping;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

import dev.orderflow.messaging.KeyLocks;
import dev.orderflow.messaging.Tombstones;
import dev.orderflow.messaging.calls.Calls;
import dev.orderflow.messaging.outbox.Outbox;
import dev.orderflow.messaging.outbox.OutgoingEvent;
import dev.orderflow.shipping.domain.OrderFact;
import dev.orderflow.shipping.domain.ScheduleResult;
import dev.orderflow.shipping.domain.Shipment;
import dev.orderflow.shipping.events.ShippingEvents;
import dev.orderflow.shipping.persistence.ShipmentStore;
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
    public static final String REVERSE = "reverse";

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
    public Uni<Void> apply(List<OrderFact> facts) {
        Set<String> orderIds = new LinkedHashSet<>();
        facts.forEach(f -> orderIds.add(f.orderId()));
        // Commitments and endings of one order come on different subscriptions: one at a time per order.
        return KeyLocks.lock(orderIds).chain(() -> store.lockByOrder(orderIds)).chain(shipments -> tombstones.among(orderIds)
                .chain(ended -> decide(facts, new LinkedHashMap<>(shipments), new LinkedHashSet<>(ended))));
    }

    private Uni<Void> decide(List<OrderFact> facts, Map<String, Shipment> shipments, Set<String> ended) {
        Instant now = clock.instant();
        Map<String, Shipment> created = new LinkedHashMap<>();
        Map<String, Shipment> changed = new LinkedHashMap<>();
        Set<String> newlyEnded = new LinkedHashSet<>();
        List<String> schedule = new ArrayList<>();
        List<String> cancel = new ArrayList<>();
        for (OrderFact fact : facts) {
            String orderId = fact.orderId();
            Shipment current = shipments.get(orderId);
            if (fact instanceof OrderFact.StockCommitted committed) {
                if (current != null || ended.contains(orderId)) {
                    LOG.infof("order %s: %s; no shipment requested", orderId, current != null ? "shipment exists" : "order ended");
                    continue;
                }
                Shipment requested = Shipment.request(UUID.randomUUID().toString(), orderId, committed.destination(), committed.units(), now);
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

    /** Of these shipments, those still waiting to be scheduled with the carrier (inside the caller's transaction). */
    public Uni<Map<String, Shipment>> awaitingScheduling(Collection<String> shipmentIds) {
        return store.find(shipmentIds).invoke(found -> found.values().removeIf(x -> !x.awaitsScheduling()));
    }

    /** Of these shipments, those still waiting for the carrier to cancel them (inside the caller's transaction). */
    public Uni<Map<String, Shipment>> awaitingCancellation(Collection<String> shipmentIds) {
        return store.find(shipmentIds).invoke(found -> found.values().removeIf(x -> !x.awaitsCancellation()));
    }

    /** Of these shipments, those still in doubt (inside the caller's transaction). */
    public Uni<Map<String, Shipment>> awaitingReversal(Collection<String> shipmentIds) {
        return store.find(shipmentIds).invoke(found -> found.values().removeIf(x -> !x.awaitsReversal()));
    }

    /** Records what became of shipments in doubt, by shipment id (inside the caller's transaction). */
    public Uni<Void> reversalsSettled(Map<String, String> outcomes) {
        return record(outcomes.keySet(), (s, now) -> {
            LOG.infof("shipment %s for order %s was in doubt: %s", s.id(), s.orderId(), outcomes.get(s.id()));
            return s.reversed(outcomes.get(s.id()), now);
        });
    }

    /** Records the carrier's answers to shipment requests, by shipment id (inside the caller's transaction). */
    public Uni<Void> schedulesAnswered(Map<String, ScheduleResult> answers) {
        return record(answers.keySet(), (s, now) -> s.scheduleResult(answers.get(s.id()), now));
    }

    /** Records cancellations the carrier confirmed (inside the caller's transaction). */
    public Uni<Void> cancelled(Collection<String> shipmentIds) {
        return record(shipmentIds, Shipment::cancelled);
    }

    /** Locks the shipments, applies the decision to each and stages what follows from it. */
    private Uni<Void> record(Collection<String> shipmentIds, BiFunction<Shipment, Instant, Shipment.Transition> decision) {
        return store.lock(shipmentIds).chain(found -> {
            Instant now = clock.instant();
            List<Shipment> changed = new ArrayList<>();
            List<OutgoingEvent> outgoing = new ArrayList<>();
            List<String> cancel = new ArrayList<>();
            List<String> reverse = new ArrayList<>();
            for (Shipment shipment : found.values()) {
                Shipment.Transition t = decision.apply(shipment, now);
                LOG.debugf("shipment %s for order %s: %s", t.shipment().id(), t.shipment().orderId(), t.shipment().status());
                changed.add(t.shipment());
                t.facts().forEach(f -> outgoing.add(ShippingEvents.toEvent(f, null, now)));
                if (t.cancelDue()) {
                    cancel.add(t.shipment().id());
                } else if (t.reversalDue()) {
                    reverse.add(t.shipment().id());
                }
            }
            return store.update(changed).chain(() -> outbox.stage(outgoing)).chain(() -> calls.stage(CANCEL, cancel))
                    .chain(() -> calls.stage(REVERSE, reverse));
        });
    }
}
