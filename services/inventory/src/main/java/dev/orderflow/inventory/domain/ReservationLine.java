package dev.orderflow.inventory.domain;

/** A quantity of one SKU held by a reservation. */
public record ReservationLine(String sku, int quantity) {

    public ReservationLine {
        if (sku == null || sku.isBlank()) {
            throw new IllegalArgumentException("a reservation line needs a sku");
        }
        if (quantity < 1) {
            throw new IllegalArgumentException("a reservation line holds at least 1 unit, was " + quantity);
        }
    }
}
