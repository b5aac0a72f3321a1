package dev.orderflow.inventory.events;

import java.time.Instant;
import java.util.List;

import dev.orderflow.events.common.Address;
import dev.orderflow.events.common.CustomerSnapshot;
import dev.orderflow.events.common.OrderLine;
import dev.orderflow.events.common.OrderSnapshot;
import dev.orderflow.events.orders.OrderPlaced;

/** Orders as the inventory receives them. */
final class Orders {

    private Orders() {
    }

    static OrderPlaced order(String orderId, OrderLine... lines) {
        long total = java.util.Arrays.stream(lines).mapToLong(l -> l.getQuantity() * l.getUnitPriceMinor()).sum();
        return OrderPlaced.newBuilder()
                .setOrderId(orderId)
                .setOrder(OrderSnapshot.newBuilder()
                        .setCustomer(CustomerSnapshot.newBuilder().setCustomerId("c-1").setName("Ada").setEmail("ada@example.org").build())
                        .setShippingAddress(Address.newBuilder().setRecipient("Ada").setLine1("Row 1").setPostalCode("10115")
                                .setCity("Berlin").setCountry("DE").build())
                        .setLines(List.of(lines))
                        .setCurrency("EUR").setSubtotalMinor(total).setShippingFeeMinor(0).setTotalMinor(total)
                        .setPlacedAt(Instant.now())
                        .build())
                .build();
    }

    static OrderLine line(String sku, int quantity) {
        return OrderLine.newBuilder().setSku(sku).setName(sku).setQuantity(quantity).setUnitPriceMinor(100).build();
    }
}
