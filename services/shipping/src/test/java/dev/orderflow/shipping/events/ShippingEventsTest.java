package dev.orderflow.shipping.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import dev.orderflow.events.common.Address;
import dev.orderflow.events.common.CustomerSnapshot;
import dev.orderflow.events.common.OrderLine;
import dev.orderflow.events.common.OrderSnapshot;
import dev.orderflow.events.inventory.StockCommitted;
import dev.orderflow.events.orders.OrderCancelled;
import dev.orderflow.events.orders.OrderRejected;
import dev.orderflow.events.orders.RejectionReason;
import dev.orderflow.events.shipments.ShipmentFailed;
import dev.orderflow.messaging.inbox.ReceivedEvent;
import dev.orderflow.shipping.domain.Destination;
import dev.orderflow.shipping.domain.OrderFact;
import io.opentelemetry.context.Context;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The inbound translation: each event shipping subscribes to, as the fact its use case acts on. */
class ShippingEventsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final CustomerSnapshot ADA = CustomerSnapshot.newBuilder().setCustomerId("c-1").setName("Ada")
            .setEmail("ada@example.org").build();

    @Test
    void committedStockIsAShipmentToTheOrdersAddressWithAllItsUnits() {
        OrderSnapshot order = OrderSnapshot.newBuilder()
                .setCustomer(ADA)
                .setShippingAddress(Address.newBuilder().setRecipient("Ada Lovelace").setLine1("1 Row").setLine2("Flat 2")
                        .setPostalCode("10115").setCity("Berlin").setRegion("BE").setCountry("DE").build())
                .setLines(List.of(line("MUG", 2), line("LAMP", 3)))
                .setCurrency("EUR").setSubtotalMinor(0).setShippingFeeMinor(0).setTotalMinor(0).setPlacedAt(NOW).build();

        OrderFact fact = ShippingEvents.fact(received("o-1", StockCommitted.newBuilder().setOrderId("o-1").setReservationId("r-1")
                .setPaymentId("p-1").setOrder(order).setCommittedAt(NOW).build()));

        assertThat(fact).isEqualTo(new OrderFact.StockCommitted("o-1",
                new Destination("Ada Lovelace", "1 Row", "Flat 2", "10115", "Berlin", "BE", "DE"), 5));
    }

    @Test
    void aCancelledOrARejectedOrderHasEnded() {
        assertThat(ShippingEvents.facts(List.of(
                received("o-2", OrderCancelled.newBuilder().setOrderId("o-2").setCustomer(ADA).setReason("changed my mind").setCancelledAt(NOW).build()),
                received("o-3", OrderRejected.newBuilder().setOrderId("o-3").setCustomer(ADA).setReason(RejectionReason.OUT_OF_STOCK).setRejectedAt(NOW).build()))))
                .containsExactly(new OrderFact.Ended("o-2"), new OrderFact.Ended("o-3"));
    }

    @Test
    void theFactIsAboutTheOrderTheKeyNames() {
        // As the inbox, the key locks and the tombstones see it: the record's key is the order.
        assertThat(ShippingEvents.fact(received("o-key", OrderCancelled.newBuilder().setOrderId("o-body").setCustomer(ADA)
                .setCancelledAt(NOW).build())).orderId()).isEqualTo("o-key");
    }

    @Test
    void aTypeShippingDoesNotSubscribeToIsRefused() {
        assertThatThrownBy(() -> ShippingEvents.fact(received("o-4", ShipmentFailed.newBuilder().setOrderId("o-4")
                .setDetail("lost").setFailedAt(NOW).build())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ShipmentFailed");
    }

    private static OrderLine line(String sku, int quantity) {
        return OrderLine.newBuilder().setSku(sku).setName(sku).setQuantity(quantity).setUnitPriceMinor(100).build();
    }

    private static ReceivedEvent received(String key, SpecificRecord event) {
        return new ReceivedEvent("e-" + key, event.getSchema().getFullName(), key, "test", NOW, event, "t", 0, 0L, Context.root());
    }
}
