package dev.orderflow.order.rest;

import java.time.Instant;
import java.util.List;

import dev.orderflow.events.common.Address;
import dev.orderflow.events.common.CustomerTier;
import dev.orderflow.events.customers.CustomerChanged;
import dev.orderflow.events.customers.PaymentMethod;
import dev.orderflow.events.products.ProductChanged;
import dev.orderflow.stack.EventFeed;

/** What the catalog and the customer service would publish for the order service's replicas, in its tests. */
final class ReplicaFacts {

    private ReplicaFacts() {
    }

    /** A mug at 12.50 EUR, on sale. */
    static void mug(EventFeed feed, String sku) {
        feed.publish(ProductChanged.newBuilder().setSku(sku).setVersion(0).setName("Mug").setPriceMinor(1_250)
                .setCurrency("EUR").setActive(true).setChangedAt(Instant.now()).build());
    }

    /** Ada, a STANDARD customer paying by card, with one address in Berlin. */
    static void ada(EventFeed feed, String customerId) {
        feed.publish(CustomerChanged.newBuilder().setCustomerId(customerId).setVersion(0).setName("Ada")
                .setEmail("ada@example.org").setTier(CustomerTier.STANDARD)
                .setAddresses(List.of(Address.newBuilder().setRecipient("Ada").setLine1("1 Row").setPostalCode("10115")
                        .setCity("Berlin").setCountry("DE").build()))
                .setPaymentMethod(PaymentMethod.CARD).setPaymentToken("tok_visa").setActive(true)
                .setChangedAt(Instant.now()).build());
    }
}
