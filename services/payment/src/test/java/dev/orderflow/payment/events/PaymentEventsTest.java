package dev.orderflow.payment.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import dev.orderflow.events.common.Address;
import dev.orderflow.events.common.CustomerSnapshot;
import dev.orderflow.events.common.OrderLine;
import dev.orderflow.events.common.OrderSnapshot;
import dev.orderflow.events.inventory.StockReserved;
import dev.orderflow.events.orders.OrderCancelled;
import dev.orderflow.events.orders.OrderRejected;
import dev.orderflow.events.orders.RejectionReason;
import dev.orderflow.events.payments.PaymentAuthorized;
import dev.orderflow.events.shipments.ShipmentFailed;
import dev.orderflow.messaging.inbox.ReceivedEvent;
import dev.orderflow.payment.domain.OrderFact;
import dev.orderflow.payment.domain.Payment;
import io.opentelemetry.context.Context;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The inbound translation: each event payment subscribes to, as the fact its use case acts on. */
class PaymentEventsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final CustomerSnapshot ADA = CustomerSnapshot.newBuilder().setCustomerId("c-1").setName("Ada")
            .setEmail("ada@example.org").build();

    @Test
    void heldStockIsTheOrdersTotalToTakeFromItsCustomerAndTheOrderTravelsOnToTheAuthorization() {
        OrderSnapshot order = OrderSnapshot.newBuilder().setCustomer(ADA)
                .setShippingAddress(Address.newBuilder().setRecipient("Ada").setLine1("1 Row").setPostalCode("10115")
                        .setCity("Berlin").setCountry("DE").build())
                .setLines(List.of(OrderLine.newBuilder().setSku("MUG").setName("Mug").setQuantity(2).setUnitPriceMinor(1_250).build()))
                .setCurrency("EUR").setSubtotalMinor(2_500).setShippingFeeMinor(490).setTotalMinor(2_990).setPlacedAt(NOW).build();
        StockReserved reserved = StockReserved.newBuilder().setOrderId("o-1").setReservationId("r-1").setOrder(order)
                .setExpiresAt(NOW.plusSeconds(900)).setReservedAt(NOW).build();

        OrderFact.StockReserved fact = (OrderFact.StockReserved) PaymentEvents.fact(received("o-1", reserved));

        assertThat(fact.orderId()).isEqualTo("o-1");
        assertThat(fact.customerId()).isEqualTo("c-1");
        assertThat(fact.totalMinor()).isEqualTo(2_990);
        assertThat(fact.currency()).isEqualTo("EUR");
        // What is kept is what the authorization later publishes as its order.
        Payment authorized = Payment.request("p-1", "o-1", "c-1", 2_990, "EUR", NOW)
                .authorizationResult(new dev.orderflow.payment.domain.AuthorizationResult.Authorized("g-1"), NOW).payment();
        PaymentAuthorized published = (PaymentAuthorized) PaymentEvents.toEvent(new Payment.Fact.Authorized(authorized),
                fact.reservation(), null, NOW).event();
        assertThat(published.getOrder()).isEqualTo(order);
    }

    @Test
    void aCancelledOrRejectedOrderOrAFailedShipmentEndsTheOrderWithItsCause() {
        assertThat(PaymentEvents.facts(List.of(
                received("o-2", OrderCancelled.newBuilder().setOrderId("o-2").setCustomer(ADA).setCancelledAt(NOW).build()),
                received("o-3", OrderRejected.newBuilder().setOrderId("o-3").setCustomer(ADA)
                        .setReason(RejectionReason.RESERVATION_EXPIRED).setRejectedAt(NOW).build()),
                received("o-4", ShipmentFailed.newBuilder().setOrderId("o-4").setFailedAt(NOW).build()))))
                .containsExactly(new OrderFact.Ended("o-2", "order cancelled"),
                        new OrderFact.Ended("o-3", "order rejected (RESERVATION_EXPIRED)"),
                        new OrderFact.Ended("o-4", "shipment failed"));
    }

    @Test
    void theFactIsAboutTheOrderTheKeyNames() {
        assertThat(PaymentEvents.fact(received("o-key", OrderCancelled.newBuilder().setOrderId("o-body").setCustomer(ADA)
                .setCancelledAt(NOW).build())).orderId()).isEqualTo("o-key");
    }

    @Test
    void aTypePaymentDoesNotSubscribeToIsRefused() {
        assertThatThrownBy(() -> PaymentEvents.fact(received("c-1", ADA)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CustomerSnapshot");
    }

    private static ReceivedEvent received(String key, SpecificRecord event) {
        return new ReceivedEvent("e-" + key, event.getSchema().getFullName(), key, "test", NOW, event, "t", 0, 0L, Context.root());
    }
}
