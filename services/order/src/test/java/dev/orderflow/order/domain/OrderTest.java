package dev.orderflow.order.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class OrderTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final Address HOME = new Address("Ada", "1 Row", null, "10115", "Berlin", null, "DE");
    private static final Customer ADA = new Customer("c-1", "Ada", "ada@example.org", Tier.STANDARD, List.of(HOME), true);
    private static final Map<String, Product> CATALOG = Map.of(
            "MUG", new Product("MUG", "Mug", 1_250, "EUR", true),
            "TEA", new Product("TEA", "Tea", 450, "EUR", true),
            "OLD", new Product("OLD", "Old", 100, "EUR", false),
            "USD", new Product("USD", "Import", 100, "USD", true));

    private static Order placed() {
        return Order.place("o-1", ADA, null, List.of(new Order.Request("MUG", 2), new Order.Request("TEA", 1)), CATALOG,
                Order.Channel.API, NOW);
    }

    @Test
    void pricesFromTheCatalogAndChargesShippingBelowTheThreshold() {
        Order order = placed();
        assertThat(order.lines()).extracting(OrderLine::totalMinor).containsExactly(2_500L, 450L);
        assertThat(order.subtotalMinor()).isEqualTo(2_950);
        assertThat(order.shippingFeeMinor()).isEqualTo(Pricing.SHIPPING_FEE_MINOR);
        assertThat(order.totalMinor()).isEqualTo(2_950 + Pricing.SHIPPING_FEE_MINOR);
        assertThat(order.shippingAddress()).isEqualTo(HOME);
        assertThat(order.status()).isEqualTo(OrderStatus.PLACED);
    }

    /** An order as an operator would put it on the stream, with lines, sums and customer as given. */
    private static Order injected(CustomerSnapshot customer, List<OrderLine> lines, long subtotal, long fee, long total) {
        return Order.adopt("op-1", customer, HOME, lines, "EUR", subtotal, fee, total, Order.Channel.OPERATOR, NOW);
    }

    @Test
    void anOrderFromTheStreamPricedAsTheCatalogPricesItHasNoDiscrepancy() {
        Order order = injected(ADA.snapshot(), List.of(new OrderLine("MUG", "Mug", 2, 1_250), new OrderLine("TEA", "Tea", 1, 450)),
                2_950, Pricing.SHIPPING_FEE_MINOR, 2_950 + Pricing.SHIPPING_FEE_MINOR);
        assertThat(order.discrepancies(ADA, CATALOG)).isEmpty();
        // The placer chooses where it goes: another address is no discrepancy.
        Order elsewhere = Order.adopt("op-2", ADA.snapshot(), new Address("Bob", "2 Lane", null, "80331", "Munich", null, "DE"),
                order.lines(), "EUR", 2_950, Pricing.SHIPPING_FEE_MINOR, 2_950 + Pricing.SHIPPING_FEE_MINOR, Order.Channel.OPERATOR, NOW);
        assertThat(elsewhere.discrepancies(ADA, CATALOG)).isEmpty();
    }

    @Test
    void anOrderFromTheStreamAtItsOwnPricesIsRefusedWithWhatDiffers() {
        // Issue #12: three desk lamps at 0.00, with a real customer's id but a made-up name and e-mail.
        Order free = injected(new CustomerSnapshot("c-1", "Mallory", "mallory@example.org", Tier.GOLD),
                List.of(new OrderLine("MUG", "Mug", 3, 0)), 0, 0, 0);
        List<String> found = free.discrepancies(ADA, CATALOG);
        assertThat(found).containsExactly(
                "customer c-1 is not Mallory <mallory@example.org>, GOLD but Ada <ada@example.org>, STANDARD",
                "MUG at 0 EUR, but the catalog has 1250 EUR",
                "shipping fee 0, but it is " + Pricing.SHIPPING_FEE_MINOR);
        Order.Transition refused = free.refuse(found, NOW);
        assertThat(refused.order().status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(refused.order().statusDetail()).startsWith("not accepted as placed: customer c-1 is not Mallory");
        assertThat(refused.outcome()).isEqualTo(new Outcome.Rejected(Outcome.RejectionReason.INVALID, refused.order().statusDetail()));
        assertThat(refused.order().refuse(found, NOW).outcome()).as("refused once").isNull();
    }

    @Test
    void sumsThatDoNotAddUpUnknownOrWithdrawnProductsAndUnknownOrClosedCustomersAreDiscrepancies() {
        List<OrderLine> mugs = List.of(new OrderLine("MUG", "Mug", 2, 1_250));
        assertThat(injected(ADA.snapshot(), mugs, 2_000, Pricing.SHIPPING_FEE_MINOR, 2_000 + Pricing.SHIPPING_FEE_MINOR)
                .discrepancies(ADA, CATALOG)).containsExactly("subtotal 2000, but the lines add up to 2500");
        assertThat(injected(ADA.snapshot(), mugs, 2_500, Pricing.SHIPPING_FEE_MINOR, 1).discrepancies(ADA, CATALOG))
                .containsExactly("total 1, but subtotal and fee make " + (2_500 + Pricing.SHIPPING_FEE_MINOR));
        assertThat(injected(ADA.snapshot(), List.of(new OrderLine("NOPE", "?", 1, 100), new OrderLine("OLD", "Old", 1, 100)), 200,
                Pricing.SHIPPING_FEE_MINOR, 200 + Pricing.SHIPPING_FEE_MINOR).discrepancies(ADA, CATALOG))
                .containsExactly("product NOPE is not in the catalog", "product OLD is no longer sold");
        assertThat(injected(ADA.snapshot(), List.of(new OrderLine("USD", "Import", 1, 100)), 100, Pricing.SHIPPING_FEE_MINOR,
                100 + Pricing.SHIPPING_FEE_MINOR).discrepancies(ADA, CATALOG)).containsExactly("USD at 100 EUR, but the catalog has 100 USD");
        Order fine = injected(ADA.snapshot(), mugs, 2_500, Pricing.SHIPPING_FEE_MINOR, 2_500 + Pricing.SHIPPING_FEE_MINOR);
        assertThat(fine.discrepancies(null, CATALOG)).containsExactly("customer c-1 is not known to the order service");
        Customer closed = new Customer("c-1", "Ada", "ada@example.org", Tier.STANDARD, List.of(HOME), false);
        assertThat(fine.discrepancies(closed, CATALOG)).containsExactly("customer c-1 is closed");
    }

    @Test
    void shippingIsFreeForGoldCustomersAndLargeOrders() {
        assertThat(Pricing.shippingFee(Tier.GOLD, 100)).isZero();
        assertThat(Pricing.shippingFee(Tier.PLATINUM, 100)).isZero();
        assertThat(Pricing.shippingFee(Tier.SILVER, Pricing.FREE_SHIPPING_FROM_MINOR)).isZero();
        assertThat(Pricing.shippingFee(Tier.STANDARD, Pricing.FREE_SHIPPING_FROM_MINOR - 1)).isEqualTo(Pricing.SHIPPING_FEE_MINOR);
    }

    @Test
    void repeatedSkusAreOneLine() {
        Order order = Order.place("o-2", ADA, null, List.of(new Order.Request("TEA", 1), new Order.Request("TEA", 2)), CATALOG,
                Order.Channel.API, NOW);
        assertThat(order.lines()).singleElement().satisfies(l -> assertThat(l.quantity()).isEqualTo(3));
    }

    @Test
    void refusesWhatCannotBeSold() {
        assertThatThrownBy(() -> Order.place("o", ADA, null, List.of(new Order.Request("NOPE", 1)), CATALOG, Order.Channel.API, NOW))
                .isInstanceOf(InvalidOrderException.class).hasMessageContaining("NOPE does not exist");
        assertThatThrownBy(() -> Order.place("o", ADA, null, List.of(new Order.Request("OLD", 1)), CATALOG, Order.Channel.API, NOW))
                .hasMessageContaining("no longer sold");
        assertThatThrownBy(() -> Order.place("o", ADA, null, List.of(new Order.Request("MUG", 1), new Order.Request("USD", 1)),
                CATALOG, Order.Channel.API, NOW)).hasMessageContaining("different currencies");
        Customer closed = new Customer("c-2", "Bob", "bob@example.org", Tier.STANDARD, List.of(HOME), false);
        assertThatThrownBy(() -> Order.place("o", closed, null, List.of(new Order.Request("MUG", 1)), CATALOG, Order.Channel.API, NOW))
                .hasMessageContaining("closed");
        Customer homeless = new Customer("c-3", "Cy", "cy@example.org", Tier.STANDARD, List.of(), true);
        assertThatThrownBy(() -> Order.place("o", homeless, null, List.of(new Order.Request("MUG", 1)), CATALOG, Order.Channel.API, NOW))
                .hasMessageContaining("no address");
    }

    @Test
    void happyPathConfirmsOnceBothPaymentAndShipmentAreKnown() {
        Order.Transition reserved = placed().apply(new Fact.StockReserved("r-1", NOW.plusSeconds(900)), NOW);
        assertThat(reserved.order().status()).isEqualTo(OrderStatus.RESERVED);
        assertThat(reserved.outcome()).isNull();
        Order.Transition paid = reserved.order().apply(new Fact.PaymentAuthorized("p-1", 3_449), NOW);
        assertThat(paid.order().status()).isEqualTo(OrderStatus.PAID);
        Order.Transition confirmed = paid.order().apply(new Fact.ShipmentScheduled("s-1", "Parcelwise", "PW1"), NOW);
        assertThat(confirmed.order().status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(confirmed.outcome()).isEqualTo(new Outcome.Confirmed("p-1", "s-1", "Parcelwise", "PW1"));
    }

    @Test
    void factsFromDifferentStreamsMayArriveInAnyOrder() {
        Order shipmentFirst = placed().apply(new Fact.ShipmentScheduled("s-1", "Parcelwise", "PW1"), NOW).order();
        assertThat(shipmentFirst.status()).isEqualTo(OrderStatus.PLACED);
        Order.Transition t = shipmentFirst.apply(new Fact.PaymentAuthorized("p-1", 1), NOW);
        assertThat(t.order().status()).isEqualTo(OrderStatus.CONFIRMED);
        // The late reservation changes nothing any more.
        assertThat(t.order().apply(new Fact.StockReserved("r", NOW), NOW).order()).isEqualTo(t.order());
    }

    @Test
    void eachFailureEndsInItsTerminalStatusWithTheReason() {
        assertThat(placed().apply(new Fact.StockUnavailable("MUG: 2 asked, 1 available"), NOW))
                .satisfies(t -> {
                    assertThat(t.order().status()).isEqualTo(OrderStatus.REJECTED);
                    assertThat(t.outcome()).isEqualTo(new Outcome.Rejected(Outcome.RejectionReason.OUT_OF_STOCK,
                            "MUG: 2 asked, 1 available"));
                });
        assertThat(placed().apply(new Fact.PaymentFailed(true, "insufficient funds"), NOW).outcome())
                .isEqualTo(new Outcome.Rejected(Outcome.RejectionReason.PAYMENT_DECLINED, "insufficient funds"));
        assertThat(placed().apply(new Fact.PaymentFailed(false, "gateway unavailable"), NOW).outcome())
                .isEqualTo(new Outcome.Rejected(Outcome.RejectionReason.PAYMENT_FAILED, "gateway unavailable"));
        assertThat(placed().apply(new Fact.ShipmentFailed("no such postal code"), NOW).order().status())
                .isEqualTo(OrderStatus.FAILED);
        assertThat(placed().apply(new Fact.ReservationExpired(), NOW).order().status()).isEqualTo(OrderStatus.EXPIRED);
    }

    @Test
    void terminalOrdersRecordButNeverChange() {
        Order rejected = placed().apply(new Fact.StockUnavailable("none"), NOW).order();
        Order.Transition late = rejected.apply(new Fact.PaymentAuthorized("p", 1), NOW);
        assertThat(late.order()).isEqualTo(rejected);
        assertThat(late.outcome()).isNull();
    }

    @Test
    void cancellableUntilConfirmedAndOnlyOnce() {
        Order.Transition cancelled = placed().cancel("changed my mind", NOW);
        assertThat(cancelled.order().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.outcome()).isEqualTo(new Outcome.Cancelled("changed my mind"));
        assertThat(cancelled.order().cancel("again", NOW).outcome()).isNull();

        Order confirmed = placed().apply(new Fact.PaymentAuthorized("p", 1), NOW).order()
                .apply(new Fact.ShipmentScheduled("s", "c", "t"), NOW).order();
        assertThatThrownBy(() -> confirmed.cancel("too late", NOW)).isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("CONFIRMED");
    }
}
