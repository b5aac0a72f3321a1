package dev.orderflow.order.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import dev.orderflow.events.common.Address;
import dev.orderflow.events.common.CustomerSnapshot;
import dev.orderflow.events.common.OrderLine;
import dev.orderflow.events.common.OrderSnapshot;
import dev.orderflow.events.common.StockLine;
import dev.orderflow.events.inventory.ReleaseReason;
import dev.orderflow.events.inventory.ReservationExpired;
import dev.orderflow.events.inventory.StockLevelChanged;
import dev.orderflow.events.inventory.StockReleased;
import dev.orderflow.events.inventory.StockReservationFailed;
import dev.orderflow.events.inventory.StockReserved;
import dev.orderflow.events.inventory.UnavailableLine;
import dev.orderflow.events.orders.OrderChannel;
import dev.orderflow.events.orders.OrderPlaced;
import dev.orderflow.events.orders.OrderRejected;
import dev.orderflow.events.payments.PaymentAuthorized;
import dev.orderflow.events.payments.PaymentFailed;
import dev.orderflow.events.payments.PaymentFailureReason;
import dev.orderflow.events.shipments.ShipmentFailed;
import dev.orderflow.events.shipments.ShipmentScheduled;
import dev.orderflow.messaging.inbox.ReceivedEvent;
import dev.orderflow.messaging.inbox.RejectedEventException;
import dev.orderflow.messaging.inbox.Translated;
import dev.orderflow.messaging.outbox.OutgoingEvent;
import dev.orderflow.order.domain.Fact;
import dev.orderflow.order.domain.Order;
import dev.orderflow.order.domain.OrderFact;
import dev.orderflow.order.domain.OrderStatus;
import dev.orderflow.order.domain.Outcome;
import dev.orderflow.order.domain.TimelineEntry;
import io.opentelemetry.context.Context;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The inbound translation: each event the order service subscribes to, as the fact its use cases act on. */
class OrderEventsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final CustomerSnapshot ADA = CustomerSnapshot.newBuilder().setCustomerId("c-1").setName("Ada")
            .setEmail("ada@example.org").build();

    @Test
    void everyReportIsWhatItMeansForTheStatusOfTheOrderItsKeyNamesWithItsTimelineLine() {
        List<Translated<OrderFact.Reported>> reports = OrderEvents.reports(List.of(
                received("o-1", StockReserved.newBuilder().setOrderId("o-1").setReservationId("r-1").setOrder(order(List.of(mug(2))))
                        .setExpiresAt(NOW.plusSeconds(900)).setReservedAt(NOW).build()),
                received("o-2", StockReservationFailed.newBuilder().setOrderId("o-2").setUnavailable(List.of(UnavailableLine
                        .newBuilder().setSku("MUG").setRequested(3).setAvailable(1).build())).setFailedAt(NOW).build()),
                received("o-3", ReservationExpired.newBuilder().setOrderId("o-3").setReservationId("r-3").setLines(List.of())
                        .setExpiredAt(NOW).build()),
                received("o-4", PaymentAuthorized.newBuilder().setOrderId("o-4").setPaymentId("p-4").setAmountMinor(2_500)
                        .setCurrency("EUR").setGatewayReference("g").setOrder(order(List.of(mug(2)))).setAuthorizedAt(NOW).build()),
                received("o-5", PaymentFailed.newBuilder().setOrderId("o-5").setPaymentId("p-5").setAmountMinor(1).setCurrency("EUR")
                        .setReason(PaymentFailureReason.DECLINED).setFailedAt(NOW).build()),
                received("o-6", PaymentFailed.newBuilder().setOrderId("o-6").setPaymentId("p-6").setAmountMinor(1).setCurrency("EUR")
                        .setReason(PaymentFailureReason.GATEWAY_UNAVAILABLE).setDetail("timed out").setFailedAt(NOW).build()),
                received("o-7", ShipmentScheduled.newBuilder().setOrderId("o-7").setShipmentId("s-7").setCarrier("DHL")
                        .setTrackingNumber("T-7").setScheduledAt(NOW).build()),
                received("o-8", ShipmentFailed.newBuilder().setOrderId("o-8").setFailedAt(NOW).build()),
                received("o-9", StockReleased.newBuilder().setOrderId("o-9").setReservationId("r-9")
                        .setLines(List.of(StockLine.newBuilder().setSku("MUG").setQuantity(1).build()))
                        .setReason(ReleaseReason.PAYMENT_FAILED).setReleasedAt(NOW).build()),
                received("MUG", StockLevelChanged.newBuilder().setSku("MUG").setAvailable(1).setReserved(0).setDelta(1)
                        .setChangedAt(NOW).build())));

        assertThat(reports).extracting(r -> r.fact().orderId())
                .as("stock levels are keyed by SKU and not about an order").containsExactly("o-1", "o-2", "o-3", "o-4", "o-5",
                        "o-6", "o-7", "o-8", "o-9");
        assertThat(reports).extracting(r -> r.fact().fact()).containsExactly(
                new Fact.StockReserved("r-1", NOW.plusSeconds(900)),
                new Fact.StockUnavailable("out of stock: MUG (3 asked, 1 available)"),
                new Fact.ReservationExpired(),
                new Fact.PaymentAuthorized("p-4", 2_500),
                new Fact.PaymentFailed(true, "DECLINED"),
                new Fact.PaymentFailed(false, "timed out"),
                new Fact.ShipmentScheduled("s-7", "DHL", "T-7"),
                new Fact.ShipmentFailed("the carrier refused the shipment"),
                new Fact.Noted());
        assertThat(reports.get(8).fact().entry())
                .isEqualTo(new TimelineEntry(NOW, "StockReleased", "inventory", "stock released (PAYMENT_FAILED)", "e-o-9"));
        assertThat(reports).allSatisfy(r -> assertThat(r.cause().key()).isEqualTo(r.fact().orderId()));
    }

    @Test
    void anOutcomeDecidedOnAFactContinuesTheTraceOfTheEventItCameIn() {
        Translated<OrderFact.Reported> expired = OrderEvents.reports(List.of(received("o-1", ReservationExpired.newBuilder()
                .setOrderId("o-1").setReservationId("r-1").setLines(List.of()).setExpiredAt(NOW).build()))).getFirst();
        Order order = adopted("o-1");

        OutgoingEvent rejected = OrderEvents.outcome(order, new Outcome.Rejected(Outcome.RejectionReason.RESERVATION_EXPIRED,
                "no payment in time"), expired, NOW);

        assertThat(rejected.cause()).isSameAs(expired.cause());
        assertThat(((OrderRejected) rejected.event()).getDetail()).isEqualTo("no payment in time");
        assertThat(OrderEvents.outcome(order, new Outcome.Cancelled("asked"), null, NOW).cause()).isNull();
    }

    @Test
    void anOrderPlacedOnTheStreamIsTheOrderAsItWasPlaced() {
        Translated<OrderFact.PlacedElsewhere> placement = OrderEvents.placements(List.of(received("o-1", placed("o-1",
                List.of(mug(2)))))).getFirst();

        Order order = placement.fact().order();
        assertThat(placement.fact().orderId()).isEqualTo("o-1");
        assertThat(order.status()).isEqualTo(OrderStatus.PLACED);
        assertThat(order.channel()).isEqualTo(Order.Channel.OPERATOR);
        assertThat(order.customer().customerId()).isEqualTo("c-1");
        assertThat(order.lines()).singleElement().satisfies(l -> {
            assertThat(l.sku()).isEqualTo("MUG");
            assertThat(l.quantity()).isEqualTo(2);
            assertThat(l.unitPriceMinor()).isEqualTo(1_250);
        });
        assertThat(order.totalMinor()).isEqualTo(2_500);
        assertThat(placement.fact().entry().detail()).isEqualTo("placed: 1 line(s), total 25.00 EUR (OPERATOR)");
    }

    @Test
    void anOrderPlacedWithoutLinesOrUnderAnotherOrdersKeyIsRefusedWithTheReason() {
        assertThatThrownBy(() -> OrderEvents.placements(List.of(received("o-1", placed("o-1", List.of())))))
                .isInstanceOf(RejectedEventException.class).hasMessageContaining("has no lines");
        assertThatThrownBy(() -> OrderEvents.placements(List.of(received("o-other", placed("o-1", List.of(mug(1)))))))
                .isInstanceOf(RejectedEventException.class).hasMessageContaining("has the key o-other");
    }

    private static Order adopted(String orderId) {
        return OrderEvents.placements(List.of(received(orderId, placed(orderId, List.of(mug(2)))))).getFirst().fact().order();
    }

    private static OrderPlaced placed(String orderId, List<OrderLine> lines) {
        return OrderPlaced.newBuilder().setOrderId(orderId).setOrder(order(lines)).setChannel(OrderChannel.OPERATOR).build();
    }

    private static OrderSnapshot order(List<OrderLine> lines) {
        long subtotal = lines.stream().mapToLong(l -> l.getQuantity() * l.getUnitPriceMinor()).sum();
        return OrderSnapshot.newBuilder().setCustomer(ADA)
                .setShippingAddress(Address.newBuilder().setRecipient("Ada").setLine1("1 Row").setPostalCode("10115")
                        .setCity("Berlin").setCountry("DE").build())
                .setLines(lines).setCurrency("EUR").setSubtotalMinor(subtotal).setShippingFeeMinor(0).setTotalMinor(subtotal)
                .setPlacedAt(NOW).build();
    }

    private static OrderLine mug(int quantity) {
        return OrderLine.newBuilder().setSku("MUG").setName("Mug").setQuantity(quantity).setUnitPriceMinor(1_250).build();
    }

    private static ReceivedEvent received(String key, SpecificRecord event) {
        return new ReceivedEvent("e-" + key, event.getSchema().getFullName(), key, "/orderflow/inventory", NOW, event, "t", 0, 0L,
                Context.root());
    }
}
