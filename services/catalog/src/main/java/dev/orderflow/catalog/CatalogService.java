package dev.orderflow.catalog;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.orderflow.catalog.domain.Money;
import dev.orderflow.catalog.domain.Product;
import dev.orderflow.catalog.domain.ProductChange;
import dev.orderflow.catalog.events.ProductEvents;
import dev.orderflow.catalog.persistence.ProductEntity;
import dev.orderflow.catalog.persistence.ProductRepository;
import dev.orderflow.messaging.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The catalog's use cases: each changes a product and stages its new full state in the outbox, in
 * one transaction.
 */
@ApplicationScoped
public class CatalogService {

    /** The product is not in the catalog. */
    public static class ProductNotFoundException extends RuntimeException {
        public ProductNotFoundException(String sku) {
            super("no product " + sku);
        }
    }

    /** A product with that SKU exists already. */
    public static class ProductExistsException extends RuntimeException {
        public ProductExistsException(String sku) {
            super("product " + sku + " exists already");
        }
    }

    private final ProductRepository products;
    private final Outbox outbox;
    private final Clock clock;

    CatalogService(ProductRepository products, Outbox outbox) {
        this.products = products;
        this.outbox = outbox;
        this.clock = Clock.systemUTC();
    }

    @WithTransaction
    public Uni<Product> introduce(String sku, String name, String description, Money price) {
        ProductChange change = Product.introduce(sku, name, description, price, now());
        return products.findById(sku)
                .onItem().ifNotNull().failWith(() -> new ProductExistsException(sku))
                .chain(() -> products.persist(ProductEntity.from(change.product())))
                .call(() -> outbox.stage(ProductEvents.toEvent(change)))
                .map(ProductEntity::toDomain);
    }

    @WithTransaction
    public Uni<Product> revise(String sku, String name, String description, Money price, boolean active) {
        return change(sku, product -> product.revise(name, description, price, active, now()));
    }

    @WithTransaction
    public Uni<Product> withdraw(String sku) {
        return change(sku, product -> product.withdraw(now()));
    }

    @WithSession
    public Uni<Product> find(String sku) {
        return products.findById(sku)
                .onItem().ifNull().failWith(() -> new ProductNotFoundException(sku))
                .map(ProductEntity::toDomain);
    }

    @WithSession
    public Uni<List<Product>> list(int page, int size) {
        return products.findAll(Sort.by("sku")).page(Page.of(page, size)).list()
                .map(entities -> entities.stream().map(ProductEntity::toDomain).toList());
    }

    private Uni<Product> change(String sku, Function<Product, Optional<ProductChange>> decision) {
        return products.findById(sku)
                .onItem().ifNull().failWith(() -> new ProductNotFoundException(sku))
                .chain(entity -> {
                    Optional<ProductChange> change = decision.apply(entity.toDomain());
                    if (change.isEmpty()) {
                        return Uni.createFrom().item(entity.toDomain());
                    }
                    entity.apply(change.get().product());
                    return products.flush()
                            .chain(() -> outbox.stage(ProductEvents.toEvent(change.get())))
                            .replaceWith(change.get().product());
                });
    }

    private Instant now() {
        return clock.instant();
    }
}
