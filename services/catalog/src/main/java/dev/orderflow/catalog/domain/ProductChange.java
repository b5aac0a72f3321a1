package dev.orderflow.catalog.domain;

/** The fact a product change produces: the product's complete new state (what the products stream carries). */
public record ProductChange(Product product) {
}
