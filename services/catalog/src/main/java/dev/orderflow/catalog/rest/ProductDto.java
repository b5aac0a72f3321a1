package dev.orderflow.catalog.rest;

import java.time.Instant;

import dev.orderflow.catalog.domain.Product;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** The catalog API's request and response bodies. */
public final class ProductDto {

    private ProductDto() {
    }

    public record NewProduct(
            @NotBlank @Pattern(regexp = "[A-Z0-9][A-Z0-9-]{1,63}", message = "2-64 upper-case letters, digits or dashes") String sku,
            @NotBlank @Size(max = 200) String name,
            @Size(max = 4000) String description,
            @NotNull @PositiveOrZero Long priceMinor,
            @NotNull @Pattern(regexp = "[A-Z]{3}", message = "an ISO 4217 code like EUR") String currency) {
    }

    public record Revision(
            @NotBlank @Size(max = 200) String name,
            @Size(max = 4000) String description,
            @NotNull @PositiveOrZero Long priceMinor,
            @NotNull @Pattern(regexp = "[A-Z]{3}", message = "an ISO 4217 code like EUR") String currency,
            @NotNull Boolean active) {
    }

    public record View(String sku, long version, String name, String description, long priceMinor, String currency,
                       boolean active, Instant changedAt) {
        static View of(Product p) {
            return new View(p.sku(), p.version(), p.name(), p.description(), p.price().minor(), p.price().currency(),
                    p.active(), p.changedAt());
        }
    }
}
