package dev.orderflow.catalog.events;

import dev.orderflow.catalog.domain.Product;
import dev.orderflow.catalog.domain.ProductChange;
import dev.orderflow.events.products.ProductChanged;
import dev.orderflow.messaging.outbox.OutgoingEvent;

/** Maps the catalog's facts to the contract: a product change is a ProductChanged carrying the full state. */
public final class ProductEvents {

    private ProductEvents() {
    }

    public static OutgoingEvent toEvent(ProductChange change) {
        Product p = change.product();
        return OutgoingEvent.of(ProductChanged.newBuilder()
                .setSku(p.sku())
                .setVersion(p.version())
                .setName(p.name())
                .setDescription(p.description())
                .setPriceMinor(p.price().minor())
                .setCurrency(p.price().currency())
                .setActive(p.active())
                .setChangedAt(p.changedAt())
                .build());
    }
}
