package dev.orderflow.order.persistence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.orderflow.messaging.MultiRowSql;
import dev.orderflow.messaging.inbox.ReplicaVersions;
import dev.orderflow.order.domain.Address;
import dev.orderflow.order.domain.Customer;
import dev.orderflow.order.domain.Product;
import dev.orderflow.order.domain.Tier;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The order service's replicas of the catalog and customer streams. Each change carries full
 * state and a version; a change replaces the row only if it is newer, so replays and redeliveries
 * leave the replica as it was.
 */
@ApplicationScoped
public class ReplicaStore {

    public record Versioned<T>(T value, long version) {
    }

    public Uni<Void> saveProducts(List<Versioned<Product>> products) {
        if (products.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        MultiRowSql sql = MultiRowSql.values("insert into products (sku, version, name, price_minor, currency, active) values",
                newest(products, p -> p.sku()).stream().map(v -> new Object[] {v.value().sku(), v.version(), v.value().name(),
                        v.value().priceMinor(), v.value().currency(), v.value().active()}).toList(),
                "on conflict (sku) do update set version = excluded.version, name = excluded.name,"
                        + " price_minor = excluded.price_minor, currency = excluded.currency, active = excluded.active"
                        + " where products.version < excluded.version");
        return execute(sql);
    }

    public Uni<Void> saveCustomers(List<Versioned<Customer>> customers) {
        if (customers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        MultiRowSql sql = MultiRowSql.values("insert into customers (id, version, name, email, tier, addresses, active) values",
                newest(customers, c -> c.id()).stream().map(v -> new Object[] {v.value().id(), v.version(), v.value().name(),
                        v.value().email(), v.value().tier().name(), Json.write(v.value().addresses()), v.value().active()}).toList(),
                "on conflict (id) do update set version = excluded.version, name = excluded.name, email = excluded.email,"
                        + " tier = excluded.tier, addresses = excluded.addresses, active = excluded.active"
                        + " where customers.version < excluded.version");
        return execute(sql);
    }

    /** The versions the replica holds of these products (absent: never seen). */
    public Uni<Map<String, Long>> productVersions(Collection<String> skus) {
        return ReplicaVersions.held("select sku, version from products where sku in (:keys)", skus);
    }

    /** The versions the replica holds of these customers (absent: never seen). */
    public Uni<Map<String, Long>> customerVersions(Collection<String> ids) {
        return ReplicaVersions.held("select id, version from customers where id in (:keys)", ids);
    }

    public Uni<Map<String, Product>> products(Collection<String> skus) {
        if (skus.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select sku, name, price_minor, currency, active from products where sku in (:skus)", Object[].class)
                .setParameter("skus", new ArrayList<>(skus)).getResultList())
                .map(rows -> {
                    Map<String, Product> bySku = new LinkedHashMap<>();
                    for (Object[] r : rows) {
                        bySku.put((String) r[0], new Product((String) r[0], (String) r[1], ((Number) r[2]).longValue(),
                                (String) r[3], (Boolean) r[4]));
                    }
                    return bySku;
                });
    }

    public Uni<Optional<Customer>> customer(String id) {
        return customers(List.of(id)).map(found -> Optional.ofNullable(found.get(id)));
    }

    /** The customers the replica has of these, by id. */
    public Uni<Map<String, Customer>> customers(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select id, name, email, tier, addresses, active from customers where id in (:ids)", Object[].class)
                .setParameter("ids", new ArrayList<>(ids)).getResultList())
                .map(rows -> {
                    Map<String, Customer> byId = new LinkedHashMap<>();
                    for (Object[] r : rows) {
                        byId.put((String) r[0], new Customer((String) r[0], (String) r[1], (String) r[2], Tier.valueOf((String) r[3]),
                                Json.<List<Address>>read((String) r[4], Json.ADDRESSES), (Boolean) r[5]));
                    }
                    return byId;
                });
    }

    /** One row per key in a statement (PostgreSQL refuses to upsert one row twice): the newest version. */
    private static <T> Collection<Versioned<T>> newest(List<Versioned<T>> values, java.util.function.Function<T, String> key) {
        Map<String, Versioned<T>> byKey = new LinkedHashMap<>();
        for (Versioned<T> v : values) {
            byKey.merge(key.apply(v.value()), v, (a, b) -> b.version() > a.version() ? b : a);
        }
        return byKey.values();
    }

    private static Uni<Void> execute(MultiRowSql sql) {
        return Panache.getSession().chain(s -> sql.bind(s.createNativeQuery(sql.sql())).executeUpdate()).replaceWithVoid();
    }
}
