package dev.orderflow.order.events;

import java.util.List;

import dev.orderflow.events.customers.CustomerChanged;
import dev.orderflow.events.inventory.ReservationExpired;
import dev.orderflow.events.inventory.StockCommitted;
import dev.orderflow.events.inventory.StockReleased;
import dev.orderflow.events.inventory.StockReservationFailed;
import dev.orderflow.events.inventory.StockReserved;
import dev.orderflow.events.orders.OrderPlaced;
import dev.orderflow.events.products.ProductChanged;
import dev.orderflow.messaging.inbox.EventProcessor;
import dev.orderflow.messaging.inbox.InboundEvent;
import dev.orderflow.messaging.inbox.ReplicaVersions;
import dev.orderflow.order.OrderService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * What the order service listens to: the facts of inventory, payment and shipping (its status
 * projection), orders placed on the stream by others (adopted), and the catalog and customer
 * streams (its replicas, for pricing without calling anyone).
 */
@ApplicationScoped
public class OrderSubscriptions {

    /** What the inventory stream says about orders (its stock levels, keyed by SKU, are not about an order). */
    static final List<Class<? extends SpecificRecord>> ORDER_FACTS = List.of(StockReserved.class,
            StockReservationFailed.class, StockCommitted.class, StockReleased.class, ReservationExpired.class);

    @Inject
    EventProcessor processor;

    @Inject
    OrderService orders;

    @Incoming("inventory-in")
    public Uni<Void> inventory(KafkaRecordBatch<String, InboundEvent> batch) {
        return processor.process("order.inventory", batch, ORDER_FACTS,
                events -> orders.applyFacts(OrderEvents.reports(events)));
    }

    @Incoming("payments-in")
    public Uni<Void> payments(KafkaRecordBatch<String, InboundEvent> batch) {
        return processor.process("order.payments", batch,
                events -> orders.applyFacts(OrderEvents.reports(events)));
    }

    @Incoming("shipments-in")
    public Uni<Void> shipments(KafkaRecordBatch<String, InboundEvent> batch) {
        return processor.process("order.shipments", batch,
                events -> orders.applyFacts(OrderEvents.reports(events)));
    }

    @Incoming("orders-in")
    public Uni<Void> placedElsewhere(KafkaRecordBatch<String, InboundEvent> batch) {
        return processor.process("order.orders", batch, List.of(OrderPlaced.class),
                events -> orders.adopt(OrderEvents.placements(events)));
    }

    @Incoming("products-in")
    public Uni<Void> products(KafkaRecordBatch<String, InboundEvent> batch) {
        // The replicas keep only changes an owner could have written (a refused one is dead-lettered with the reason).
        return processor.process("order.products", batch, events -> ReplicaVersions.accepted(events, ProductChanged.class,
                        ProductChanged::getSku, ProductChanged::getVersion, orders::productVersions)
                .chain(changes -> orders.replicateProducts(changes.stream().map(OrderEvents::product).toList())));
    }

    @Incoming("customers-in")
    public Uni<Void> customers(KafkaRecordBatch<String, InboundEvent> batch) {
        return processor.process("order.customers", batch, events -> ReplicaVersions.accepted(events, CustomerChanged.class,
                        CustomerChanged::getCustomerId, CustomerChanged::getVersion, orders::customerVersions)
                .chain(changes -> orders.replicateCustomers(changes.stream().map(OrderEvents::customer).toList())));
    }
}
