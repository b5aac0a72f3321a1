package dev.orderflow.payment;

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
import dev.orderflow.messaging.Sequentially;
import dev.orderflow.messaging.Tombstones;
import dev.orderflow.messaging.calls.Calls;
import dev.orderflow.messaging.outbox.Outbox;
import dev.orderflow.messaging.outbox.OutgoingEvent;
import dev.orderflow.payment.domain.AuthorizationResult;
import dev.orderflow.payment.domain.OrderFact;
import dev.orderflow.payment.domain.Payment;
import dev.orderflow.payment.domain.PaymentMethod;
import dev.orderflow.payment.events.PaymentEvents;
import dev.orderflow.payment.persistence.PaymentStore;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The payment service's use cases. Reacting to events only decides and stages (a payment
 * requested, a refund due) in the inbox's transaction; the gateway is called afterwards, outside
 * any transaction, by the pending-call runner, and its answers are recorded, a batch at a time, in a
 * transaction of their own.
 */
@ApplicationScoped
public class PaymentService {

    public static final String AUTHORIZE = "authorize";
    public static final String REFUND = "refund";
    public static final String REVERSE = "reverse";

    private static final Logger LOG = Logger.getLogger(PaymentService.class);

    private final PaymentStore store;
    private final Outbox outbox;
    private final Calls calls;
    private final Tombstones tombstones;
    private final Clock clock = Clock.systemUTC();

    PaymentService(PaymentStore store, Outbox outbox, Calls calls, Tombstones tombstones) {
        this.store = store;
        this.outbox = outbox;
        this.calls = calls;
        this.tombstones = tombstones;
    }

    /** Stock held for an order: ask for its payment. Orders ending: undo. (Runs inside the inbox's transaction.) */
    public Uni<Void> apply(List<OrderFact> facts) {
        Set<String> orderIds = new LinkedHashSet<>();
        facts.forEach(f -> orderIds.add(f.orderId()));
        // Reservations and endings of one order come on different subscriptions: one at a time per order.
        return KeyLocks.lock(orderIds).chain(() -> store.lockByOrder(orderIds)).chain(payments -> tombstones.among(orderIds)
                .chain(ended -> decide(facts, new LinkedHashMap<>(payments), new LinkedHashSet<>(ended))));
    }

    private Uni<Void> decide(List<OrderFact> facts, Map<String, PaymentStore.WithOrder> payments, Set<String> ended) {
        Instant now = clock.instant();
        Map<String, PaymentStore.WithOrder> created = new LinkedHashMap<>();
        Map<String, Payment> changed = new LinkedHashMap<>();
        Set<String> newlyEnded = new LinkedHashSet<>();
        List<String> authorize = new ArrayList<>();
        List<String> refund = new ArrayList<>();
        for (OrderFact fact : facts) {
            String orderId = fact.orderId();
            PaymentStore.WithOrder current = payments.get(orderId);
            switch (fact) {
                case OrderFact.StockReserved reserved -> {
                    if (current != null || ended.contains(orderId)) {
                        LOG.infof("order %s: %s; no payment requested", orderId, current != null ? "payment exists" : "order ended");
                        continue;
                    }
                    Payment requested = Payment.request(UUID.randomUUID().toString(), orderId, reserved.customerId(),
                            reserved.totalMinor(), reserved.currency(), now);
                    remember(payments, created, changed, new PaymentStore.WithOrder(requested, reserved.reservation()), true);
                    authorize.add(requested.id());
                }
                case OrderFact.Ended over -> {
                    if (current == null) {
                        if (ended.add(orderId)) {
                            newlyEnded.add(orderId);
                        }
                        continue;
                    }
                    Payment.Transition t = current.payment().orderEnded(now);
                    remember(payments, created, changed, new PaymentStore.WithOrder(t.payment(), current.orderSnapshot()), false);
                    if (t.refundDue()) {
                        refund.add(t.payment().id());
                        LOG.infof("order %s ended (%s): refunding payment %s", orderId, over.cause(), t.payment().id());
                    }
                }
            }
        }
        return Sequentially.each(created.values(), p -> store.insert(p.payment(), p.orderSnapshot()))
                .chain(() -> store.update(changed.values()))
                .chain(() -> tombstones.add(newlyEnded))
                .chain(() -> calls.stage(AUTHORIZE, authorize))
                .chain(() -> calls.stage(REFUND, refund));
    }

    private static void remember(Map<String, PaymentStore.WithOrder> payments, Map<String, PaymentStore.WithOrder> created,
                                 Map<String, Payment> changed, PaymentStore.WithOrder next, boolean isNew) {
        payments.put(next.payment().orderId(), next);
        if (isNew || created.containsKey(next.payment().id())) {
            created.put(next.payment().id(), next);
        } else {
            changed.put(next.payment().id(), next.payment());
        }
    }

    /** Of these payments, those still waiting for their authorization (inside the caller's transaction). */
    public Uni<Map<String, Payment>> awaitingAuthorization(Collection<String> paymentIds) {
        return store.find(paymentIds).invoke(found -> found.values().removeIf(x -> !x.awaitsAuthorization()));
    }

    /** Of these payments, those still waiting for their refund (inside the caller's transaction). */
    public Uni<Map<String, Payment>> awaitingRefund(Collection<String> paymentIds) {
        return store.find(paymentIds).invoke(found -> found.values().removeIf(x -> !x.awaitsRefund()));
    }

    /** Of these payments, those still in doubt (inside the caller's transaction). */
    public Uni<Map<String, Payment>> awaitingReversal(Collection<String> paymentIds) {
        return store.find(paymentIds).invoke(found -> found.values().removeIf(x -> !x.awaitsReversal()));
    }

    /** The customers' payment methods as the replica has them now; a customer not replicated (yet) is absent. */
    public Uni<Map<String, PaymentMethod>> methodsOf(Collection<String> customerIds) {
        return store.paymentMethods(customerIds);
    }

    /** Records the gateway's answers to authorizations, by payment id (inside the caller's transaction). */
    public Uni<Void> authorizationsAnswered(Map<String, AuthorizationResult> answers) {
        return record(answers.keySet(), (payment, now) -> {
            Payment.Transition t = payment.authorizationResult(answers.get(payment.id()), now);
            LOG.debugf("payment %s for order %s: %s", t.payment().id(), t.payment().orderId(), t.payment().status());
            return t;
        });
    }

    /** Records refunds the gateway confirmed, the gateway's refund id by payment id (inside the caller's transaction). */
    public Uni<Void> refundsConfirmed(Map<String, String> refundIds) {
        return record(refundIds.keySet(), (payment, now) -> payment.refunded("refund " + refundIds.get(payment.id()), now));
    }

    /** Records what became of payments in doubt, by payment id (inside the caller's transaction). */
    public Uni<Void> reversalsSettled(Map<String, String> outcomes) {
        return record(outcomes.keySet(), (payment, now) -> {
            LOG.infof("payment %s for order %s was in doubt: %s", payment.id(), payment.orderId(), outcomes.get(payment.id()));
            return payment.reversed(outcomes.get(payment.id()), now);
        });
    }

    /** Locks the payments, applies the decision to each and stages what follows from it. */
    private Uni<Void> record(Collection<String> paymentIds, BiFunction<Payment, Instant, Payment.Transition> decision) {
        return store.lock(paymentIds).chain(found -> {
            Instant now = clock.instant();
            List<Payment> changed = new ArrayList<>();
            List<OutgoingEvent> outgoing = new ArrayList<>();
            List<String> refund = new ArrayList<>();
            List<String> reverse = new ArrayList<>();
            for (PaymentStore.WithOrder current : found.values()) {
                Payment.Transition t = decision.apply(current.payment(), now);
                changed.add(t.payment());
                t.facts().forEach(f -> outgoing.add(PaymentEvents.toEvent(f, current.orderSnapshot(), null, now)));
                if (t.refundDue()) {
                    refund.add(t.payment().id());
                } else if (t.reversalDue()) {
                    reverse.add(t.payment().id());
                }
            }
            return store.update(changed).chain(() -> outbox.stage(outgoing)).chain(() -> calls.stage(REFUND, refund))
                    .chain(() -> calls.stage(REVERSE, reverse));
        });
    }


    /** No payment for that order. */
    public static class PaymentNotFoundException extends RuntimeException {
        public PaymentNotFoundException(String orderId) {
            super("no payment for order " + orderId);
        }
    }

    /** Records the bank transfer that pays an order by invoice. */
    @WithTransaction
    public Uni<Payment> transferReceived(String orderId, String reference) {
        return store.lockByOrder(List.of(orderId)).chain(found -> {
            PaymentStore.WithOrder current = found.get(orderId);
            if (current == null) {
                return Uni.createFrom().failure(new PaymentNotFoundException(orderId));
            }
            Instant now = clock.instant();
            Payment.Transition t = current.payment().transferReceived(reference, now);
            return store.update(List.of(t.payment()))
                    .chain(() -> outbox.stage(t.facts().stream()
                            .map(f -> PaymentEvents.toEvent(f, current.orderSnapshot(), null, now)).toList()))
                    .replaceWith(t.payment());
        });
    }

    /** The versions of these customers the replica holds (inside the caller's transaction; absent: never seen). */
    public Uni<Map<String, Long>> customerVersions(Collection<String> customerIds) {
        return store.customerVersions(customerIds);
    }

    /** Keeps the replica of customers' payment methods: changes already checked against {@link #customerVersions} (inside the inbox's transaction). */
    public Uni<Void> replicateCustomers(List<PaymentStore.Versioned> changes) {
        return store.saveCustomers(changes);
    }
}
