package dev.orderflow.payment.events;

import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.util.Map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import dev.orderflow.events.common.Address;
import dev.orderflow.events.common.CustomerSnapshot;
import dev.orderflow.events.common.CustomerTier;
import dev.orderflow.events.common.OrderLine;
import dev.orderflow.events.common.OrderSnapshot;
import dev.orderflow.events.customers.CustomerChanged;
import dev.orderflow.events.customers.PaymentMethod;
import dev.orderflow.events.inventory.StockReserved;
import dev.orderflow.events.orders.OrderCancelled;
import dev.orderflow.events.payments.PaymentAuthorized;
import dev.orderflow.events.payments.PaymentFailed;
import dev.orderflow.events.payments.PaymentFailureReason;
import dev.orderflow.events.payments.PaymentRefunded;
import dev.orderflow.events.shipments.ShipmentFailed;
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

/**
 * The payment service on the real stack, against the simulated gateway (WireMock): reservations
 * fed as the inventory publishes them, compensations as the order and shipping services do.
 */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = LocalStackResource.DATABASE, value = "payment"))
class PaymentFlowTest {

    /** Where Kafka is and the login the application under test uses (the test stack's administrator). */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @ConfigProperty(name = "orderflow.registry.url")
    String registryUrl;

    @ConfigProperty(name = "orderflow.payment-gateway.url")
    String gatewayUrl;

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
    void authorizesAReservedOrderThroughTheGatewayAndPassesTheOrderOn() {
        String orderId = reserve(customer("tok_visa_4242"));
        PaymentAuthorized authorized = awaitOne(orderId, PaymentAuthorized.class);
        assertThat(authorized.getAmountMinor()).isEqualTo(2_500);
        assertThat(authorized.getGatewayReference()).isEqualTo("auth-" + authorized.getPaymentId());
        assertThat(authorized.getOrder().getShippingAddress().getPostalCode()).isEqualTo("10115");

        // The shipment then fails: the money goes back, once, even if the fact comes twice.
        ShipmentFailed failed = ShipmentFailed.newBuilder().setOrderId(orderId).setDetail("no carrier").setFailedAt(Instant.now()).build();
        feed.publish(failed);
        feed.publish(failed);
        PaymentRefunded refunded = awaitOne(orderId, PaymentRefunded.class);
        assertThat(refunded.getPaymentId()).isEqualTo(authorized.getPaymentId());
        assertThat(refunded.getAmountMinor()).isEqualTo(2_500);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> events(orderId, PaymentRefunded.class).size() == 1);
    }

    @Test
    void aDeclineFailsThePaymentWithTheGatewaysReason() {
        String orderId = reserve(customer("tok_decline_insufficient"));
        PaymentFailed failed = awaitOne(orderId, PaymentFailed.class);
        assertThat(failed.getReason()).isEqualTo(PaymentFailureReason.DECLINED);
        assertThat(failed.getDetail()).isEqualTo("insufficient funds");
        assertThat(events(orderId, PaymentAuthorized.class)).isEmpty();
    }

    @Test
    void aGatewayThatKeepsFailingFailsThePaymentCleanly() {
        String orderId = reserve(customer("tok_unavailable_1"));
        PaymentFailed failed = awaitOne(orderId, PaymentFailed.class);
        assertThat(failed.getReason()).isEqualTo(PaymentFailureReason.GATEWAY_UNAVAILABLE);
        assertThat(failed.getDetail()).contains("payment gateway unavailable");
        // Every attempt was answered (503): the gateway did nothing, so it is not asked again.
        SimulatorLedger gateway = new SimulatorLedger(gatewayUrl);
        Supplier<Long> asked = () -> gateway.exchanges("POST", "/v1/authorizations").stream()
                .filter(e -> failed.getPaymentId().equals(e.idempotencyKey())).count();
        long askedBefore = asked.get();
        // Once, and once more: the retries configured for tests (the code holds no number; 3 would be the default).
        assertThat(askedBefore).isEqualTo(2);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> asked.get() == askedBefore);
    }

    @Test
    void anAuthorizationAnsweredTooLateIsFailedThenFoundAndRefundedAtTheGateway() {
        // The gateway authorizes, but answers after the payment stopped waiting (4 s > 3 s, every attempt).
        String orderId = reserve(customer("tok_timeout_1"));
        PaymentFailed failed = awaitOne(orderId, PaymentFailed.class);
        assertThat(failed.getReason()).isEqualTo(PaymentFailureReason.GATEWAY_UNAVAILABLE);
        SimulatorLedger gateway = new SimulatorLedger(gatewayUrl);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            SimulatorLedger.Journal asked = gateway.read();
            SimulatorLedger.Exchange authorized = asked.succeededOncePerKey("POST", "/v1/authorizations").get(failed.getPaymentId());
            assertThat(authorized).as("the authorization the gateway made").isNotNull();
            String refunds = "/v1/authorizations/" + authorized.answer().path("authorizationId").asText() + "/refunds";
            assertThat(asked.succeededOncePerKey("POST", refunds).values()).as("its refund").singleElement()
                    .satisfies(r -> assertThat(r.body().path("amountMinor").asLong()).isEqualTo(2_500));
        });
        // It was never announced as authorized, so no refund is announced either.
        assertThat(events(orderId, PaymentAuthorized.class)).isEmpty();
        assertThat(events(orderId, PaymentRefunded.class)).isEmpty();
    }

    @Test
    void noTokenOnFileIsAFailureNotAHang() {
        String orderId = reserve(customer(null));
        PaymentFailed failed = awaitOne(orderId, PaymentFailed.class);
        assertThat(failed.getReason()).isEqualTo(PaymentFailureReason.OTHER);
        assertThat(failed.getDetail()).contains("no card or wallet token");
    }

    @Test
    void anOrderCancelledAroundItsReservationEndsWithNothingCharged() {
        // Cancellation and reservation come on different streams, in either order: the payment is
        // never made, voided before the call, or refunded after it; in no case is money kept.
        String customerId = customer("tok_visa_1");
        String orderId = "o-" + UUID.randomUUID();
        feed.publish(OrderCancelled.newBuilder().setOrderId(orderId).setCustomer(snapshot(customerId))
                .setReason("changed my mind").setCancelledAt(Instant.now()).build());
        reserve(customerId, orderId);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).until(() -> {
            long charged = events(orderId, PaymentAuthorized.class).stream().mapToLong(PaymentAuthorized::getAmountMinor).sum();
            long refunded = events(orderId, PaymentRefunded.class).stream().mapToLong(PaymentRefunded::getAmountMinor).sum();
            return charged == refunded;
        });
    }

    private String customer(String token) {
        String id = "c-" + UUID.randomUUID();
        feed.publish(CustomerChanged.newBuilder().setCustomerId(id).setVersion(0).setName("Ada").setEmail("ada@example.org")
                .setTier(CustomerTier.STANDARD).setAddresses(List.of()).setPaymentMethod(PaymentMethod.CARD)
                .setPaymentToken(token).setActive(true).setChangedAt(Instant.now()).build());
        return id;
    }

    private String reserve(String customerId) {
        // Published right after the customer: the payment waits for its replica to catch up.
        return reserve(customerId, "o-" + UUID.randomUUID());
    }

    private String reserve(String customerId, String orderId) {
        feed.publish(StockReserved.newBuilder().setOrderId(orderId).setReservationId("r-" + orderId)
                .setOrder(OrderSnapshot.newBuilder().setCustomer(snapshot(customerId))
                        .setShippingAddress(Address.newBuilder().setRecipient("Ada").setLine1("1 Row").setPostalCode("10115")
                                .setCity("Berlin").setCountry("DE").build())
                        .setLines(List.of(OrderLine.newBuilder().setSku("MUG").setName("Mug").setQuantity(2).setUnitPriceMinor(1_250).build()))
                        .setCurrency("EUR").setSubtotalMinor(2_500).setShippingFeeMinor(0).setTotalMinor(2_500)
                        .setPlacedAt(Instant.now()).build())
                .setExpiresAt(Instant.now().plusSeconds(900)).setReservedAt(Instant.now()).build());
        return orderId;
    }

    private static CustomerSnapshot snapshot(String customerId) {
        return CustomerSnapshot.newBuilder().setCustomerId(customerId).setName("Ada").setEmail("ada@example.org").build();
    }

    private <T extends SpecificRecord> T awaitOne(String orderId, Class<T> type) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> events(orderId, type), list -> list.size() == 1).get(0);
    }

    private <T extends SpecificRecord> List<T> events(String orderId, Class<T> type) {
        return feed.events("payments", orderId).stream().filter(type::isInstance).map(type::cast).toList();
    }
}
