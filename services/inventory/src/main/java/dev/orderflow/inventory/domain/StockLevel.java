package dev.orderflow.inventory.domain;

/** The stock of one SKU: units that can be reserved, and units held by open reservations. Never negative. */
public record StockLevel(String sku, int available, int reserved) {

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
        return new StockLevel(sku, available - quantity, reserved + quantity);
    }

    StockLevel putBack(int quantity) {
        return new StockLevel(sku, available + quantity, reserved - quantity);
    }

    StockLevel withAvailable(int newAvailable) {
        return new StockLevel(sku, newAvailable, reserved);
    }
}
