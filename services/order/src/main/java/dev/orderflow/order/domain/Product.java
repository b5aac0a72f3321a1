package dev.orderflow.order.domain;

/** A product as the order service knows it from its replica of the catalog. */
public record Product(String sku, String name, long priceMinor, String currency, boolean active) {
}
