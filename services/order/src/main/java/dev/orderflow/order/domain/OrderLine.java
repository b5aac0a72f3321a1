package dev.orderflow.order.domain;

/** A line as priced when the order was placed. */
public record OrderLine(String sku, String name, int quantity, long unitPriceMinor) {

    public OrderLine {
        if (quantity <= 0) {
            throw new InvalidOrderException("quantity of " + sku + " must be positive");
        }
        if (unitPriceMinor < 0) {
            throw new InvalidOrderException("price of " + sku + " must not be negative");
        }
    }

    public long totalMinor() {
        return Math.multiplyExact(unitPriceMinor, (long) quantity);
    }
}
