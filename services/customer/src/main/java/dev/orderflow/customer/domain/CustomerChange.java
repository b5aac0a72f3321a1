package dev.orderflow.customer.domain;

/** The fact a customer change produces: the customer's complete new state (what the customers stream carries). */
public record CustomerChange(Customer customer) {
}
