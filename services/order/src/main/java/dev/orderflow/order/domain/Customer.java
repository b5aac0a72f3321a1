package dev.orderflow.order.domain;

import java.util.List;

/** A customer as the order service knows it from its replica of the customer stream. */
public record Customer(String id, String name, String email, Tier tier, List<Address> addresses, boolean active) {

    public CustomerSnapshot snapshot() {
        return new CustomerSnapshot(id, name, email, tier);
    }
}
