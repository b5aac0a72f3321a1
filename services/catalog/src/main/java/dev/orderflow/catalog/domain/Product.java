package dev.orderflow.catalog.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A product of the catalog. Immutable: every change returns the new product and the fact to
 * publish; the version counts changes, so replicas can ignore anything not newer than what they have.
 */
public record Product(String sku, long version, String name, String description, Money price, boolean active,
                      Instant changedAt) {

    static final Pattern SKU = Pattern.compile("[A-Z0-9][A-Z0-9-]{1,63}");
    static final int MAX_NAME = 200;
    static final int MAX_DESCRIPTION = 4000;

    public Product {
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(changedAt, "changedAt");
        if (sku == null || !SKU.matcher(sku).matches()) {
            throw new InvalidProductException("sku must be 2-64 upper-case letters, digits or dashes, was " + sku);
        }
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            throw new InvalidProductException("name must be 1-" + MAX_NAME + " characters");
        }
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw new InvalidProductException("description must be at most " + MAX_DESCRIPTION + " characters");
        }
        if (version < 0) {
            throw new InvalidProductException("version starts at 0");
        }
    }

    /** A new, active product at version 0. */
    public static ProductChange introduce(String sku, String name, String description, Money price, Instant now) {
        if (name == null) {
            throw new InvalidProductException("name must be 1-" + MAX_NAME + " characters");
        }
        return new ProductChange(new Product(sku, 0, name.strip(), blankToNull(description), price, true, now));
    }

    /** The product with new details, or nothing when the details are the same (no change, nothing to publish). */
    public Optional<ProductChange> revise(String name, String description, Money price, boolean active, Instant now) {
        if (name == null) {
            throw new InvalidProductException("name must be 1-" + MAX_NAME + " characters");
        }
        Product revised = new Product(sku, version + 1, name.strip(), blankToNull(description), price, active, now);
        return revised.sameDetailsAs(this) ? Optional.empty() : Optional.of(new ProductChange(revised));
    }

    /** The product withdrawn from sale (kept, so past orders still name it); nothing if it already is. */
    public Optional<ProductChange> withdraw(Instant now) {
        return revise(name, description, price, false, now);
    }

    private boolean sameDetailsAs(Product other) {
        return name.equals(other.name) && Objects.equals(description, other.description) && price.equals(other.price)
                && active == other.active;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
