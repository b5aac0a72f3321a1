package dev.orderflow.customer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class CustomerTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final Address HOME = new Address("Ada", "12 Row", null, "10115", "Berlin", null, "DE");
    private static final PaymentPreference CARD = new PaymentPreference(PaymentPreference.Method.CARD, "tok_1");

    @Test
    void registrationNormalisesAndStartsAtVersionZero() {
        Customer c = Customer.register("c-1", " Ada Lovelace ", " Ada@Example.ORG ", null, List.of(HOME), CARD, T0).customer();
        assertThat(c.version()).isZero();
        assertThat(c.name()).isEqualTo("Ada Lovelace");
        assertThat(c.email()).isEqualTo("ada@example.org");
        assertThat(c.tier()).isEqualTo(Tier.STANDARD);
        assertThat(c.defaultAddress()).contains(HOME);
        assertThat(c.active()).isTrue();
    }

    @Test
    void updatesBumpTheVersionAndSameProfileIsNoChange() {
        Customer c = Customer.register("c-1", "Ada", "ada@example.org", Tier.GOLD, List.of(HOME), CARD, T0).customer();
        assertThat(c.update("Ada", "ada@example.org", Tier.GOLD, List.of(HOME), CARD, T0)).isEmpty();
        Customer updated = c.update("Ada", "ada@example.org", Tier.PLATINUM, List.of(HOME), CARD, T0).orElseThrow().customer();
        assertThat(updated.version()).isEqualTo(1);
        assertThat(updated.tier()).isEqualTo(Tier.PLATINUM);
    }

    @Test
    void aClosedCustomerStaysClosed() {
        Customer c = Customer.register("c-1", "Ada", "ada@example.org", null, List.of(), CARD, T0).customer();
        Customer closed = c.close(T0).orElseThrow().customer();
        assertThat(closed.active()).isFalse();
        assertThat(closed.close(T0)).isEmpty();
        assertThatThrownBy(() -> closed.update("Ada", "ada@example.org", null, List.of(), CARD, T0))
                .isInstanceOf(InvalidCustomerException.class).hasMessageContaining("closed");
    }

    @Test
    void rulesAreEnforced() {
        assertThatThrownBy(() -> Customer.register("c", "Ada", "not-an-email", null, List.of(), CARD, T0))
                .isInstanceOf(InvalidCustomerException.class).hasMessageContaining("email");
        assertThatThrownBy(() -> new Address("Ada", "Row", null, "1", "Berlin", null, "XX"))
                .isInstanceOf(InvalidCustomerException.class).hasMessageContaining("country");
        assertThatThrownBy(() -> new PaymentPreference(PaymentPreference.Method.CARD, " "))
                .isInstanceOf(InvalidCustomerException.class).hasMessageContaining("token");
        assertThat(new PaymentPreference(PaymentPreference.Method.INVOICE, null).token()).isNull();
    }
}
