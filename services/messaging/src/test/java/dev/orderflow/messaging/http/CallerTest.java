package dev.orderflow.messaging.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import jakarta.ws.rs.BadRequestException;
import org.junit.jupiter.api.Test;

/** The ownership rules every API applies: who may act for which customer. */
class CallerTest {

    private static final Caller ADA = new Caller("c-ada", Set.of(Roles.CUSTOMER));
    private static final Caller OPERATOR = new Caller("op-1", Set.of(Roles.OPERATOR));
    private static final Caller FINANCE = new Caller("fin-1", Set.of(Roles.FINANCE));
    private static final Caller NOBODY = new Caller("", Set.of());

    @Test
    void aCustomerActsForThemselvesOnly() {
        assertThat(ADA.mayActFor("c-ada")).isTrue();
        assertThat(ADA.mayActFor("c-grace")).isFalse();
        assertThat(ADA.mayActFor("")).isFalse();
    }

    @Test
    void anOperatorActsForAnyone() {
        assertThat(OPERATOR.mayActFor("c-ada")).isTrue();
        assertThat(OPERATOR.mayActFor("c-grace")).isTrue();
    }

    @Test
    void financeAndRolelessCallersActForNoCustomer() {
        assertThat(FINANCE.mayActFor("fin-1")).isFalse();
        assertThat(NOBODY.mayActFor("")).isFalse();
    }

    @Test
    void aCustomerIsTheCustomerOfTheirRequestsWhetherOrNotTheyNameThemselves() {
        assertThat(ADA.customerFor(null)).isEqualTo("c-ada");
        assertThat(ADA.customerFor("c-ada")).isEqualTo("c-ada");
        assertThatThrownBy(() -> ADA.customerFor("c-grace")).isInstanceOf(Caller.NotAllowedException.class)
                .hasMessageContaining("c-grace");
    }

    @Test
    void anOperatorMustNameTheCustomer() {
        assertThat(OPERATOR.customerFor("c-grace")).isEqualTo("c-grace");
        assertThatThrownBy(() -> OPERATOR.customerFor(null)).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> OPERATOR.customerFor(" ")).isInstanceOf(BadRequestException.class);
    }

    @Test
    void someoneWhoIsNeitherCustomerNorOperatorActsForNoCustomer() {
        assertThatThrownBy(() -> FINANCE.customerFor(null)).isInstanceOf(Caller.NotAllowedException.class);
        assertThatThrownBy(() -> FINANCE.customerFor("fin-1")).isInstanceOf(Caller.NotAllowedException.class);
    }

    @Test
    void anOperatorWhoIsAlsoACustomerStillNamesTheCustomer() {
        Caller both = new Caller("c-olga", Set.of(Roles.OPERATOR, Roles.CUSTOMER));
        assertThat(both.customerFor("c-ada")).isEqualTo("c-ada");
        assertThat(both.mayActFor("c-ada")).isTrue();
    }
}
