package dev.orderflow.shipping.persistence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.orderflow.shipping.domain.Shipment;
import dev.orderflow.messaging.Sequentially;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/** Shipments and ended orders, inside the caller's session or transaction. */
@ApplicationScoped
public class ShipmentStore {

    /** Locks the shipments of these orders (in id order), by order id. */
    public Uni<Map<String, Shipment>> lockByOrder(Collection<String> orderIds) {
        if (orderIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return ShipmentEntity.<ShipmentEntity>find("orderId in ?1", Sort.by("id"), new ArrayList<>(orderIds))
                .withLock(LockModeType.PESSIMISTIC_WRITE).list()
                .map(list -> {
                    Map<String, Shipment> byOrder = new LinkedHashMap<>();
                    list.forEach(e -> byOrder.put(e.orderId, e.toDomain()));
                    return byOrder;
                });
    }

    /** Locks these shipments (in id order), by id. */
    public Uni<Map<String, Shipment>> lock(Collection<String> ids) {
        return byId(ShipmentEntity.<ShipmentEntity>find("id in ?1", Sort.by("id"), new ArrayList<>(ids))
                .withLock(LockModeType.PESSIMISTIC_WRITE), ids);
    }

    /** These shipments, by id, in a map the caller may change. */
    public Uni<Map<String, Shipment>> find(Collection<String> ids) {
        return byId(ShipmentEntity.<ShipmentEntity>find("id in ?1", new ArrayList<>(ids)), ids);
    }

    private static Uni<Map<String, Shipment>> byId(PanacheQuery<ShipmentEntity> query, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(new LinkedHashMap<>());
        }
        return query.list().map(list -> {
            Map<String, Shipment> byId = new LinkedHashMap<>();
            list.forEach(e -> byId.put(e.id, e.toDomain()));
            return byId;
        });
    }

    public Uni<Void> insert(Collection<Shipment> shipments) {
        return Sequentially.each(shipments, s -> ShipmentEntity.of(s).persist());
    }

    /** Writes the new state of shipments loaded in this transaction. */
    public Uni<Void> update(Collection<Shipment> shipments) {
        return Sequentially.each(shipments, s -> ShipmentEntity.<ShipmentEntity>findById(s.id()).invoke(e -> e.apply(s)))
                .chain(() -> Panache.getSession().chain(session -> session.flush()));
    }

}
