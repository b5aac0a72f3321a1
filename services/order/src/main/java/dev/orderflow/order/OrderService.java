package dev.orderflow.order;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import dev.orderflow.messaging.KeyLocks;
import dev.orderflow.messaging.Sequentially;
import dev.orderflow.messaging.inbox.Translated;
import dev.orderflow.messaging.outbox.Outbox;
import dev.orderflow.messaging.outbox.OutgoingEvent;
import dev.orderflow.order.domain.Address;
import dev.orderflow.order.domain.Customer;
import dev.orderflow.order.domain.InvalidOrderException;
import dev.orderflow.order.domain.Order;
import dev.orderflow.order.domain.OrderFact;
import dev.orderflow.order.domain.PlacementLimits;
import dev.orderflow.order.domain.Product;
import dev.orderflow.order.domain.TimelineEntry;
import dev.orderflow.order.domain.TooManyOrdersException;
import dev.orderflow.order.events.OrderEvents;
import dev.orderflow.order.persistence.OrderStatusFeed;
import dev.orderflow.order.persistence.OrderStore;
import dev.orderflow.order.persistence.ReplicaStore;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

/**
 * The order service's use cases. Placing an order prices it from the local replicas (no call to
 * another service) and stages OrderPlaced with it; the facts other services publish move its
 * status, and what the order decides (confirmed, rejected, cancelled) is staged in the same
 * transaction, with the timeline entries and a status notification for live followers.
 */
@ApplicationScoped
public class OrderService {

    private static final Logger LOG = Logger.getLogger(OrderService.class);

    /** No order with that id. */
    public static class OrderNotFoundException extends RuntimeException {
        public OrderNotFoundException(String id) {
            super("no order " + id);
        }
    }

    /** The idempotency key was used before for a different request. */
    public static class IdempotencyKeyReusedException extends RuntimeException {
        public IdempotencyKeyReusedException(String key) {
            super("idempotency key " + key + " was used for a different order request; use a new key for a new order");
        }
    }

    /** What a place request did: placed a new order, or found the one an earlier request with the same key placed. */
    public record Placement(Order order, boolean replayed) {
    }

    /** An order with its timeline. */
    public record OrderWithTimeline(Order order, List<TimelineEntry> timeline) {
    }

    private final OrderStore orders;
    private final ReplicaStore replicas;
    private final Outbox outbox;
    private final OrderStatusFeed statusFeed;
    private final Clock clock = Clock.systemUTC();

    OrderService(OrderStore orders, ReplicaStore replicas, Outbox outbox, OrderStatusFeed statusFeed) {
        this.orders = orders;
        this.replicas = replicas;
        this.outbox = outbox;
        this.statusFeed = statusFeed;
    }

    /**
     * Places an order once per idempotency key: a repeated request with the same key (a retry after a
     * timeout, a double click) gets the order the first one placed. The key is not looked up first
     * (one statement less for every order): a repeat finds it taken by the unique key, or finds the
     * order no longer placeable as asked (a product withdrawn since), and is answered from the order
     * the key has (a repeat of an order that counts towards the customer's limits is answered with it too).
     */
    public Uni<Placement> place(String idempotencyKey, String requestHash, String customerId, List<Order.Request> lines,
                                Address shippingAddress) {
        return place(idempotencyKey, requestHash, customerId, lines, shippingAddress, PlacementLimits.NONE);
    }

    /**
     * As above, within the customer's placement limits: an order that would pass one is refused
     * ({@link TooManyOrdersException}) and placed no order.
     */
    public Uni<Placement> place(String idempotencyKey, String requestHash, String customerId, List<Order.Request> lines,
                                Address shippingAddress, PlacementLimits limits) {
        return placeNew(idempotencyKey, requestHash, customerId, lines, shippingAddress, limits)
                .onFailure(e -> e instanceof ConstraintViolationException || e instanceof InvalidOrderException
                        || e instanceof TooManyOrdersException)
                .recoverWithUni(e -> existing(idempotencyKey, requestHash).map(found -> found.orElseThrow(() ->
                        e instanceof RuntimeException refusal && !(e instanceof ConstraintViolationException) ? refusal
                                : new IllegalStateException("idempotency key conflict without an order", e))));
    }

    @WithTransaction
    Uni<Placement> placeNew(String key, String requestHash, String customerId, List<Order.Request> lines, Address address,
                            PlacementLimits limits) {
        Set<String> skus = new LinkedHashSet<>();
        lines.forEach(l -> skus.add(l.sku()));
        Uni<Void> withinLimits = !limits.limits() ? Uni.createFrom().voidItem()
                : orders.lockedActivityOf(customerId, clock.instant().minusSeconds(60)).invoke(activity -> limits
                        .refusal(lines, activity).ifPresent(why -> {
                            throw new TooManyOrdersException(why);
                        })).replaceWithVoid();
        return withinLimits.chain(() -> replicas.customer(customerId)).chain(customer -> replicas.products(skus).chain(products -> {
            Instant now = clock.instant();
            Order order = Order.place(UUID.randomUUID().toString(), customer.orElseThrow(() ->
                            new InvalidOrderException("unknown customer " + customerId)),
                    address, lines, products, Order.Channel.API, now);
            OutgoingEvent placed = OrderEvents.placed(order);
            return orders.insert(order, key, requestHash)
                    .chain(() -> outbox.stage(placed))
                    .chain(() -> orders.append(Map.of(order.id(), List.of(OrderEvents.ownEntry(placed, now)))))
                    .chain(() -> orders.announce(List.of(order)))
                    .invoke(() -> LOG.debugf("order %s placed for %s: %d line(s), total %d %s", order.id(), customerId,
                            order.lines().size(), order.totalMinor(), order.currency()))
                    .replaceWith(new Placement(order, false));
        }));
    }

    /** The order placed with this key, if any (a repeated request must be the same request). */
    @WithSession
    Uni<Optional<Placement>> existing(String key, String requestHash) {
        return orders.findByIdempotencyKey(key).map(found -> found.map(p -> {
            if (!p.requestHash().equals(requestHash)) {
                throw new IdempotencyKeyReusedException(key);
            }
            return new Placement(p.order(), true);
        }));
    }

    /**
     * Cancels the order if it is still cancellable.
     *
     * @param mayActFor whether the caller may act for a customer: someone else's order is not found
     */
    @WithTransaction
    public Uni<Order> cancel(String id, String reason, Predicate<String> mayActFor) {
        return orders.lock(List.of(id)).chain(locked -> {
            Order order = locked.get(id);
            if (order == null || !mayActFor.test(order.customer().customerId())) {
                return Uni.createFrom().failure(new OrderNotFoundException(id));
            }
            Instant now = clock.instant();
            Order.Transition t = order.cancel(reason, now);
            if (t.outcome() == null) {
                return Uni.createFrom().item(t.order());
            }
            OutgoingEvent cancelled = OrderEvents.outcome(t.order(), t.outcome(), null, now);
            return orders.update(List.of(t.order()))
                    .chain(() -> outbox.stage(cancelled))
                    .chain(() -> orders.append(Map.of(id, List.of(OrderEvents.ownEntry(cancelled, now)))))
                    .chain(() -> orders.announce(List.of(t.order())))
                    .replaceWith(t.order());
        });
    }

    /** The order with its timeline, if the caller may act for its customer (someone else's order is not found). */
    @WithSession
    public Uni<OrderWithTimeline> find(String id, Predicate<String> mayActFor) {
        return orders.find(id).map(found -> visible(id, found, mayActFor))
                .chain(order -> orders.timeline(id).map(timeline -> new OrderWithTimeline(order, timeline)));
    }

    /** The order, if the caller may act for its customer (someone else's order is not found). */
    @WithSession
    public Uni<Order> status(String id, Predicate<String> mayActFor) {
        return orders.find(id).map(found -> visible(id, found, mayActFor));
    }

    /**
     * Ids of orders whose status changes from now on, decided by any instance of the service (a follower
     * reads the order again with {@link #status}, which checks who may see it).
     */
    public Multi<String> statusChanges() {
        return statusFeed.changes();
    }

    private static Order visible(String id, Optional<Order> found, Predicate<String> mayActFor) {
        return found.filter(o -> mayActFor.test(o.customer().customerId())).orElseThrow(() -> new OrderNotFoundException(id));
    }

    @WithSession
    public Uni<List<Order>> ofCustomer(String customerId, int page, int size) {
        return orders.ofCustomer(customerId, page, size);
    }

    @WithSession
    public Uni<Long> countOfCustomer(String customerId) {
        return orders.countOfCustomer(customerId);
    }

    /** Folds a batch of facts into the orders they are about (runs inside the inbox's transaction). */
    public Uni<Void> applyFacts(List<Translated<OrderFact.Reported>> facts) {
        Set<String> ids = new LinkedHashSet<>();
        facts.forEach(f -> ids.add(f.fact().orderId()));
        // An order adopted from the stream and its first facts come on different subscriptions: one at a time per order.
        return KeyLocks.lock(ids).chain(() -> orders.lock(ids)).chain(locked -> {
            List<Translated<OrderFact.Reported>> early = facts.stream().filter(f -> !locked.containsKey(f.fact().orderId())).toList();
            early.forEach(f -> LOG.infof("%s for order %s, which is not known yet; kept until it is", f.fact().entry().event(),
                    f.fact().orderId()));
            return decide(new LinkedHashMap<>(locked), facts.stream().filter(f -> locked.containsKey(f.fact().orderId())).toList(),
                    facts)
                    .chain(() -> orders.stashEarly(early));
        });
    }

    /**
     * Takes over orders placed on the orders stream by someone else (an operator's console producer,
     * an import); the service's own orders are known already. Facts that arrived before them apply now.
     */
    public Uni<Void> adopt(List<Translated<OrderFact.PlacedElsewhere>> placements) {
        Set<String> ids = new LinkedHashSet<>();
        placements.forEach(p -> ids.add(p.fact().orderId()));
        // Most are the service's own, in the table since before they were published: those need no lock and no reading.
        return orders.known(ids).chain(known -> {
            Set<String> unknown = new LinkedHashSet<>(ids);
            unknown.removeAll(known);
            if (unknown.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return KeyLocks.lock(unknown).chain(() -> orders.lock(unknown)).chain(present -> {
                Map<String, Translated<OrderFact.PlacedElsewhere>> adopted = new LinkedHashMap<>();
                for (Translated<OrderFact.PlacedElsewhere> placement : placements) {
                    String id = placement.fact().orderId();
                    if (unknown.contains(id) && !present.containsKey(id)) {
                        adopted.putIfAbsent(id, placement);
                    }
                }
                return adopted.isEmpty() ? Uni.createFrom().voidItem() : takeOver(adopted);
            });
        });
    }

    /**
     * Inserts the adopted orders; one not as the replicas price it (a price, a sum, a customer that
     * does not match) is rejected at once, so that nothing goes through at the placer's prices.
     */
    private Uni<Void> takeOver(Map<String, Translated<OrderFact.PlacedElsewhere>> placements) {
        Set<String> skus = new LinkedHashSet<>();
        Set<String> customerIds = new LinkedHashSet<>();
        placements.values().forEach(p -> {
            p.fact().order().lines().forEach(l -> skus.add(l.sku()));
            customerIds.add(p.fact().order().customer().customerId());
        });
        return replicas.products(skus).chain(products -> replicas.customers(customerIds)
                .chain(customers -> takeOver(placements, products, customers)));
    }

    private Uni<Void> takeOver(Map<String, Translated<OrderFact.PlacedElsewhere>> placements, Map<String, Product> products,
                               Map<String, Customer> customers) {
        Instant now = clock.instant();
        Map<String, Order> adopted = new LinkedHashMap<>();
        Map<String, List<TimelineEntry>> entries = new LinkedHashMap<>();
        List<OutgoingEvent> refusals = new ArrayList<>();
        for (Translated<OrderFact.PlacedElsewhere> placement : placements.values()) {
            Order order = placement.fact().order();
            String source = placement.fact().entry().source();
            List<TimelineEntry> timeline = new ArrayList<>(List.of(placement.fact().entry()));
            List<String> discrepancies = order.discrepancies(customers.get(order.customer().customerId()), products);
            if (discrepancies.isEmpty()) {
                LOG.infof("order %s adopted from the stream (%s, source %s)", order.id(), order.channel(), source);
                adopted.put(order.id(), order);
            } else {
                Order.Transition t = order.refuse(discrepancies, now);
                LOG.warnf("order %s from the stream (%s, source %s) rejected: %s", order.id(), order.channel(), source,
                        t.order().statusDetail());
                adopted.put(order.id(), t.order());
                OutgoingEvent refused = OrderEvents.outcome(t.order(), t.outcome(), placement, now);
                refusals.add(refused);
                timeline.add(OrderEvents.ownEntry(refused, now));
            }
            entries.put(order.id(), timeline);
        }
        return Sequentially.each(adopted.values(), order -> orders.insert(order, null, null))
                .chain(() -> orders.append(entries))
                .chain(() -> outbox.stage(refusals))
                .chain(() -> orders.takeEarly(adopted.keySet()))
                .chain(early -> decide(adopted, OrderEvents.reports(early), List.of()))
                .chain(() -> orders.announce(adopted.values()));
    }

    /**
     * @param apply    facts to fold into the orders
     * @param timeline facts to record on the timelines
     */
    private Uni<Void> decide(Map<String, Order> current, List<Translated<OrderFact.Reported>> apply,
                             List<Translated<OrderFact.Reported>> timeline) {
        Instant now = clock.instant();
        Map<String, Order> before = new LinkedHashMap<>(current);
        Map<String, List<TimelineEntry>> entries = new LinkedHashMap<>();
        timeline.forEach(f -> entries.computeIfAbsent(f.fact().orderId(), k -> new ArrayList<>()).add(f.fact().entry()));
        List<OutgoingEvent> outgoing = new ArrayList<>();
        for (Translated<OrderFact.Reported> reported : apply) {
            Order order = current.get(reported.fact().orderId());
            Order.Transition t = order.apply(reported.fact().fact(), now);
            current.put(order.id(), t.order());
            if (t.changedStatus(order)) {
                LOG.debugf("order %s: %s -> %s on %s", order.id(), order.status(), t.order().status(), reported.fact().entry().event());
            }
            if (t.outcome() != null) {
                OutgoingEvent decided = OrderEvents.outcome(t.order(), t.outcome(), reported, now);
                outgoing.add(decided);
                entries.computeIfAbsent(order.id(), k -> new ArrayList<>()).add(OrderEvents.ownEntry(decided, now));
            }
        }
        List<Order> changed = current.values().stream().filter(o -> !o.equals(before.get(o.id()))).toList();
        List<Order> newStatus = current.values().stream()
                .filter(o -> before.get(o.id()) == null || before.get(o.id()).status() != o.status()).toList();
        return orders.update(changed)
                .chain(() -> outbox.stage(outgoing))
                .chain(() -> orders.append(entries))
                .chain(() -> orders.announce(newStatus));
    }

    /** The versions of these products the replica holds (inside the caller's transaction). */
    public Uni<Map<String, Long>> productVersions(Collection<String> skus) {
        return replicas.productVersions(skus);
    }

    /** The versions of these customers the replica holds (inside the caller's transaction). */
    public Uni<Map<String, Long>> customerVersions(Collection<String> customerIds) {
        return replicas.customerVersions(customerIds);
    }

    /** Keeps the catalog replica: changes already checked against {@link #productVersions} (inside the inbox's transaction). */
    public Uni<Void> replicateProducts(List<ReplicaStore.Versioned<Product>> changes) {
        return replicas.saveProducts(changes);
    }

    /** Keeps the customer replica: changes already checked against {@link #customerVersions} (inside the inbox's transaction). */
    public Uni<Void> replicateCustomers(List<ReplicaStore.Versioned<Customer>> changes) {
        return replicas.saveCustomers(changes);
    }
}
