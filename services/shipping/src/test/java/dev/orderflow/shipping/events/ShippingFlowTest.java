package dev.orderflow.shipping.events;

import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.util.Map;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.orderflow.events.common.Address;
import dev.orderflow.events.common.CustomerSnapshot;
import dev.orderflow.events.common.OrderLine;
import dev.orderflow.events.common.OrderSnapshot;
import dev.orderflow.events.inventory.StockCommitted;
import dev.orderflow.events.orders.OrderCancelled;
import dev.orderflow.events.payments.PaymentAuthorized;
import dev.orderflow.events.shipments.ShipmentCancelled;
import dev.orderflow.events.shipments.ShipmentFailed;
import dev.orderflow.events.shipments.ShipmentScheduled;
import dev.orderflow.stack.EventFeed;
import dev.orderflow.stack.LocalStackResource;
import dev.orderflow.stack.SimulatorLedger;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The shipping service on the real stack, against the simulated carrier (WireMock). */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = LocalStackResource.DATABASE, value = "shipping"))
class ShippingFlowTest {

    /** Where Kafka is and the login the application under test uses (the test stack's administrator). */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @ConfigProperty(name = "orderflow.registry.url")
    String registryUrl;

    @ConfigProperty(name = "orderflow.carrier.url")
    String carrierUrl;

    private EventFeed feed;

    @BeforeEach
    void open() {
        feed = new EventFeed(kafka, registryUrl);
    }

    @AfterEach
    void close() {
        feed.close();
    }

    @Test
    void anOrderWithCommittedStockIsScheduledWithTheCarrierAndCancelledWhenTheOrderIsCancelled() {
        String orderId = paid("10115");
        ShipmentScheduled scheduled = awaitOne(orderId, ShipmentScheduled.class);
        assertThat(scheduled.getCarrier()).isEqualTo("Parcelwise");
        assertThat(scheduled.getTrackingNumber()).startsWith("PW");
        assertThat(scheduled.getEstimatedDelivery()).isAfter(java.time.LocalDate.now());

        OrderCancelled cancel = OrderCancelled.newBuilder().setOrderId(orderId)
                .setCustomer(CustomerSnapshot.newBuilder().setCustomerId("c").setName("Ada").setEmail("ada@example.org").build())
                .setCancelledAt(Instant.now()).build();
        feed.publish(cancel);
        feed.publish(cancel);
        ShipmentCancelled cancelled = awaitOne(orderId, ShipmentCancelled.class);
        assertThat(cancelled.getShipmentId()).isEqualTo(scheduled.getShipmentId());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> events(orderId, ShipmentCancelled.class).size() == 1);
    }

    @Test
    void aDestinationTheCarrierDoesNotServeFailsTheShipmentWithTheReason() {
        String orderId = paid("00000");
        ShipmentFailed failed = awaitOne(orderId, ShipmentFailed.class);
        assertThat(failed.getDetail()).contains("422").contains("destination not served");
        assertThat(events(orderId, ShipmentScheduled.class)).isEmpty();
    }

    @Test
    void aShipmentScheduledTooLateIsFailedThenFoundAndCancelledAtTheCarrier() {
        String orderId = paid("00004"); // the carrier schedules it, but answers after shipping stopped waiting
        ShipmentFailed failed = awaitOne(orderId, ShipmentFailed.class);
        assertThat(failed.getDetail()).contains("carrier unavailable");
        SimulatorLedger carrier = new SimulatorLedger(carrierUrl);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            SimulatorLedger.Journal asked = carrier.read();
            List<String> scheduled = asked.succeededOncePerKey("POST", "/v1/shipments").values().stream()
                    .filter(e -> e.body().path("orderId").asText().equals(orderId)).map(e -> e.answer().path("shipmentId").asText()).toList();
            assertThat(scheduled).as("what the carrier scheduled").singleElement();
            assertThat(asked.exchanges("DELETE", "/v1/shipments/" + scheduled.get(0))).as("its cancellation")
                    .anySatisfy(e -> assertThat(e.succeeded()).isTrue());
        });
        assertThat(events(orderId, ShipmentScheduled.class)).isEmpty();
        assertThat(events(orderId, ShipmentCancelled.class)).isEmpty();
    }

    @Test
    void aPaymentAloneShipsNothing() {
        // Only inventory's StockCommitted ships: a payment whose reservation had expired commits nothing.
        String orderId = "o-" + UUID.randomUUID();
        feed.publish(PaymentAuthorized.newBuilder().setOrderId(orderId).setPaymentId("p-" + orderId).setAmountMinor(2_500)
                .setCurrency("EUR").setGatewayReference("auth-1").setOrder(order("10115"))
                .setAuthorizedAt(Instant.now()).build());
        String control = paid("10115");
        awaitOne(control, ShipmentScheduled.class);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> feed.events("shipments", orderId).isEmpty());
    }

    /** Stock committed to a paid order: what shipping ships on. */
    private String paid(String postalCode) {
        String orderId = "o-" + UUID.randomUUID();
        feed.publish(StockCommitted.newBuilder().setOrderId(orderId).setReservationId("r-" + orderId)
                .setPaymentId("p-" + orderId).setOrder(order(postalCode)).setCommittedAt(Instant.now()).build());
        return orderId;
    }

    private static OrderSnapshot order(String postalCode) {
        return OrderSnapshot.newBuilder()
                .setCustomer(CustomerSnapshot.newBuilder().setCustomerId("c").setName("Ada").setEmail("ada@example.org").build())
                .setShippingAddress(Address.newBuilder().setRecipient("Ada").setLine1("1 Row").setPostalCode(postalCode)
                        .setCity("Berlin").setCountry("DE").build())
                .setLines(List.of(OrderLine.newBuilder().setSku("MUG").setName("Mug").setQuantity(2).setUnitPriceMinor(1_250).build()))
                .setCurrency("EUR").setSubtotalMinor(2_500).setShippingFeeMinor(0).setTotalMinor(2_500)
                .setPlacedAt(Instant.now()).build();
    }

    private <T extends SpecificRecord> T awaitOne(String orderId, Class<T> type) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> events(orderId, type), list -> list.size() == 1).get(0);
    }

    private <T extends SpecificRecord> List<T> events(String orderId, Class<T> type) {
        return feed.events("shipments", orderId).stream().filter(type::isInstance).map(type::cast).toList();
    }
}
