package dev.orderflow.order.domain;

/** The customer as an order carries it: who to bill and notify, at the time of ordering. */
public record CustomerSnapshot(String customerId, String name, String email, Tier tier) {
}
