package dev.orderflow.inventory.domain;

/** A SKU's level after a change, how much of its available stock the change moved, and why. */
public record StockChange(StockLevel level, int delta, String cause) {
}
