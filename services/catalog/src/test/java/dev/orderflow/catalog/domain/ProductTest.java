package dev.orderflow.catalog.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class ProductTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final Money TEN_EUR = new Money(1000, "EUR");

    @Test
    void aNewProductIsActiveAtVersionZero() {
        Product p = Product.introduce("SKU-1", "  Lamp ", " ", TEN_EUR, T0).product();
        assertThat(p.version()).isZero();
        assertThat(p.active()).isTrue();
        assertThat(p.name()).isEqualTo("Lamp");
        assertThat(p.description()).isNull();
    }

    @Test
    void aRevisionBumpsTheVersionAndCarriesTheFullState() {
        Product p = Product.introduce("SKU-1", "Lamp", null, TEN_EUR, T0).product();
        Product revised = p.revise("Lamp", "Brass", new Money(1200, "EUR"), true, T1).orElseThrow().product();
        assertThat(revised.version()).isEqualTo(1);
        assertThat(revised.price()).isEqualTo(new Money(1200, "EUR"));
        assertThat(revised.description()).isEqualTo("Brass");
        assertThat(revised.changedAt()).isEqualTo(T1);
    }

    @Test
    void aRevisionWithoutChangesChangesNothing() {
        Product p = Product.introduce("SKU-1", "Lamp", null, TEN_EUR, T0).product();
        assertThat(p.revise("Lamp ", "", TEN_EUR, true, T1)).isEmpty();
    }

    @Test
    void withdrawingDeactivatesOnce() {
        Product p = Product.introduce("SKU-1", "Lamp", null, TEN_EUR, T0).product();
        Product withdrawn = p.withdraw(T1).orElseThrow().product();
        assertThat(withdrawn.active()).isFalse();
        assertThat(withdrawn.withdraw(T1)).isEmpty();
    }

    @Test
    void rulesAreEnforced() {
        assertThatThrownBy(() -> Product.introduce("sku 1", "Lamp", null, TEN_EUR, T0))
                .isInstanceOf(InvalidProductException.class).hasMessageContaining("sku");
        assertThatThrownBy(() -> Product.introduce("SKU-1", " ", null, TEN_EUR, T0))
                .isInstanceOf(InvalidProductException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> new Money(-1, "EUR")).isInstanceOf(InvalidProductException.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> new Money(1, "EURO")).isInstanceOf(InvalidProductException.class)
                .hasMessageContaining("ISO 4217");
        assertThatThrownBy(() -> new Money(1, "XYZ")).isInstanceOf(InvalidProductException.class)
                .hasMessageContaining("unknown currency");
    }
}
