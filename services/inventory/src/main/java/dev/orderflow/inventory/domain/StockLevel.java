package dev.orderflow.inventory.domain;

/**
 * The stock of one SKU: units that can be reserved, and units held by open reservations. Never
 * negative, and available + reserved never exceeds {@link #MAX_UNITS}, so no arithmetic on it overflows.
 */
public record StockLevel(String sku, int available, int reserved) {

    /** The most units one SKU can have, available and reserved together. */
    public static final int MAX_UNITS = 1_000_000_000;

    public StockLevel {
        if (available < 0 || reserved < 0) {
            throw new IllegalStateException("stock of " + sku + " would be negative: available " + available
                    + ", reserved " + reserved);
        }
    }

    public static StockLevel none(String sku) {
        return new StockLevel(sku, 0, 0);
    }

    StockLevel hold(int quantity) {
        return new StockLevel(sku, Math.subtractExact(available, quantity), Math.addExact(reserved, quantity));
    }

    StockLevel putBack(int quantity) {
        return new StockLevel(sku, Math.addExact(available, quantity), Math.subtractExact(reserved, quantity));
    }

    /** The level with this many units available; refused if available + reserved would exceed {@link #MAX_UNITS}. */
    StockLevel withAvailable(int newAvailable) {
        if ((long) newAvailable + reserved > MAX_UNITS) {
            throw new InvalidStockException("stock of " + sku + " cannot exceed " + MAX_UNITS + " units: " + reserved
                    + " reserved, " + newAvailable + " more would make " + ((long) newAvailable + reserved));
        }
        return new StockLevel(sku, newAvailable, reserved);
    }
}
