package dev.orderflow.catalog.persistence;

import java.time.Instant;

import dev.orderflow.catalog.domain.Money;
import dev.orderflow.catalog.domain.Product;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A product row. The row's version is the product's: concurrent revisions of one product conflict. */
@Entity
@Table(name = "products")
public class ProductEntity extends PanacheEntityBase {

    @Id
    public String sku;

    @Version
    public long version;

    @Column(nullable = false)
    public String name;

    public String description;

    @Column(name = "price_minor", nullable = false)
    public long priceMinor;

    @Column(nullable = false, length = 3)
    public String currency;

    @Column(nullable = false)
    public boolean active;

    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;

    public Product toDomain() {
        return new Product(sku, version, name, description, new Money(priceMinor, currency), active, changedAt);
    }

    public static ProductEntity from(Product product) {
        ProductEntity entity = new ProductEntity();
        entity.sku = product.sku();
        entity.apply(product);
        return entity;
    }

    /** Copies the product's state; Hibernate bumps the version on flush (to the product's version). */
    public void apply(Product product) {
        name = product.name();
        description = product.description();
        priceMinor = product.price().minor();
        currency = product.price().currency();
        active = product.active();
        changedAt = product.changedAt();
    }
}
