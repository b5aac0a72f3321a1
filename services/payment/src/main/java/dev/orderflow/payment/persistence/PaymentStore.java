package dev.orderflow.payment.persistence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.orderflow.messaging.MultiRowSql;
import dev.orderflow.messaging.Sequentially;
import dev.orderflow.messaging.inbox.ReplicaVersions;
import dev.orderflow.payment.domain.Payment;
import dev.orderflow.payment.domain.PaymentMethod;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/** Payments, ended orders and the customer replica, inside the caller's session or transaction. */
@ApplicationScoped
public class PaymentStore {

    /** A payment with the order it pays, as the reservation carried it (opaque here). */
    public record WithOrder(Payment payment, byte[] orderSnapshot) {
    }

    /** Locks the payments of these orders (in id order), by order id. */
    public Uni<Map<String, WithOrder>> lockByOrder(Collection<String> orderIds) {
        return lock("orderId", orderIds, e -> e.orderId);
    }

    /** Locks these payments (in id order), by id. */
    public Uni<Map<String, WithOrder>> lock(Collection<String> paymentIds) {
        return lock("id", paymentIds, e -> e.id);
    }

    private static Uni<Map<String, WithOrder>> lock(String field, Collection<String> values, Function<PaymentEntity, String> key) {
        if (values.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return PaymentEntity.<PaymentEntity>find(field + " in ?1", Sort.by("id"), new ArrayList<>(values))
                .withLock(LockModeType.PESSIMISTIC_WRITE).list()
                .map(list -> {
                    Map<String, WithOrder> byKey = new LinkedHashMap<>();
                    list.forEach(e -> byKey.put(key.apply(e), new WithOrder(e.toDomain(), e.orderSnapshot)));
                    return byKey;
                });
    }

    /** These payments, by id, in a map the caller may change. */
    public Uni<Map<String, Payment>> find(Collection<String> paymentIds) {
        if (paymentIds.isEmpty()) {
            return Uni.createFrom().item(new LinkedHashMap<>());
        }
        return PaymentEntity.<PaymentEntity>list("id in ?1", new ArrayList<>(paymentIds)).map(list -> {
            Map<String, Payment> byId = new LinkedHashMap<>();
            list.forEach(e -> byId.put(e.id, e.toDomain()));
            return byId;
        });
    }

    public Uni<Void> insert(Payment payment, byte[] orderSnapshot) {
        return PaymentEntity.of(payment, orderSnapshot).persist().replaceWithVoid();
    }

    /** Writes the new state of payments loaded in this transaction. */
    public Uni<Void> update(Collection<Payment> payments) {
        return Sequentially.each(payments, payment -> PaymentEntity.<PaymentEntity>findById(payment.id()).invoke(e -> e.apply(payment)))
                .chain(() -> Panache.getSession().chain(s -> s.flush()));
    }

    public Uni<Map<String, PaymentMethod>> paymentMethods(Collection<String> customerIds) {
        if (customerIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select id, payment_method, payment_token, active from customers where id in (:ids)", Object[].class)
                .setParameter("ids", new ArrayList<>(customerIds)).getResultList())
                .map(rows -> {
                    Map<String, PaymentMethod> byId = new LinkedHashMap<>();
                    rows.forEach(r -> byId.put((String) r[0], new PaymentMethod((String) r[0], (String) r[1], (String) r[2],
                            (Boolean) r[3])));
                    return byId;
                });
    }

    /** The versions the replica holds of these customers (absent: never seen). */
    public Uni<Map<String, Long>> customerVersions(Collection<String> customerIds) {
        return ReplicaVersions.held("select id, version from customers where id in (:keys)", customerIds);
    }

    /** A customer's payment method at a version of the customer. */
    public record Versioned(PaymentMethod method, long version) {
    }

    /** Keeps the newest version of each customer's payment method. */
    public Uni<Void> saveCustomers(List<Versioned> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, Versioned> newest = new LinkedHashMap<>(); // a statement may upsert a row only once
        changes.forEach(v -> newest.merge(v.method().customerId(), v, (a, b) -> b.version() > a.version() ? b : a));
        List<Object[]> rows = newest.values().stream().map(v -> new Object[] {v.method().customerId(), v.version(),
                v.method().method(), v.method().token(), v.method().active()}).toList();
        MultiRowSql sql = MultiRowSql.values("insert into customers (id, version, payment_method, payment_token, active) values",
                rows, "on conflict (id) do update set version = excluded.version, payment_method = excluded.payment_method,"
                        + " payment_token = excluded.payment_token, active = excluded.active"
                        + " where customers.version < excluded.version");
        return Panache.getSession().chain(s -> sql.bind(s.createNativeQuery(sql.sql())).executeUpdate()).replaceWithVoid();
    }
}
