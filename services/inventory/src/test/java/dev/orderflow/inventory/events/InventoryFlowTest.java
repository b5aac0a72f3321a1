package dev.orderflow.inventory.events;

import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import static dev.orderflow.inventory.events.Orders.line;
import static dev.orderflow.inventory.events.Orders.order;
import static dev.orderflow.stack.Authorized.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.orderflow.events.inventory.ReleaseReason;
import dev.orderflow.events.inventory.StockCommitted;
import dev.orderflow.events.inventory.StockLevelChanged;
import dev.orderflow.events.inventory.StockReleased;
import dev.orderflow.events.inventory.StockReservationFailed;
import dev.orderflow.events.inventory.StockReserved;
import dev.orderflow.events.orders.OrderCancelled;
import dev.orderflow.events.orders.OrderRejected;
import dev.orderflow.events.orders.RejectionReason;
import dev.orderflow.events.payments.PaymentAuthorized;
import dev.orderflow.events.common.CustomerSnapshot;
import dev.orderflow.stack.EventFeed;
import dev.orderflow.stack.LocalStackResource;
import dev.orderflow.stack.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The inventory on the real stack, fed events as the other services publish them. */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = LocalStackResource.DATABASE, value = "inventory"))
class InventoryFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** Where Kafka is and the login the application under test uses (the test stack's administrator). */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @ConfigProperty(name = "orderflow.registry.url")
    String registryUrl;

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
    void aPlacedOrderIsReservedWholeAndTheOrderTravelsOn() {
        String a = sku();
        String b = sku();
        setAvailable(a, 10);
        setAvailable(b, 2);
        String orderId = orderId();
        feed.publish(order(orderId, line(a, 3), line(b, 2)));

        StockReserved reserved = awaitOne(orderId, StockReserved.class);
        assertThat(reserved.getOrder().getLines()).hasSize(2);
        assertThat(reserved.getOrder().getCustomer().getEmail()).isEqualTo("ada@example.org");
        assertThat(reserved.getExpiresAt()).isAfter(reserved.getReservedAt());
        given().get("/stock/" + a).then().body("available", equalTo(7)).body("reserved", equalTo(3));
        given().get("/stock/" + b).then().body("available", equalTo(0)).body("reserved", equalTo(2));
        StockLevelChanged level = await().atMost(PATIENCE).until(() -> feed.events("inventory", a).stream()
                        .filter(StockLevelChanged.class::isInstance).map(StockLevelChanged.class::cast)
                        .filter(l -> l.getReserved() == 3).findFirst(), java.util.Optional::isPresent).orElseThrow();
        assertThat(level.getAvailable()).isEqualTo(7);
        assertThat(level.getDelta()).isEqualTo(-3);
    }

    @Test
    void aShortLineRefusesTheOrderAndHoldsNothing() {
        String a = sku();
        String b = sku();
        setAvailable(a, 5);
        setAvailable(b, 1);
        String orderId = orderId();
        feed.publish(order(orderId, line(a, 2), line(b, 2)));

        StockReservationFailed failed = awaitOne(orderId, StockReservationFailed.class);
        assertThat(failed.getUnavailable()).singleElement().satisfies(u -> {
            assertThat(u.getSku()).isEqualTo(b);
            assertThat(u.getRequested()).isEqualTo(2);
            assertThat(u.getAvailable()).isEqualTo(1);
        });
        given().get("/stock/" + a).then().body("available", equalTo(5)).body("reserved", equalTo(0));
    }

    @Test
    void aCancelledOrderGivesItsStockBack() {
        String a = sku();
        setAvailable(a, 4);
        String orderId = orderId();
        feed.publish(order(orderId, line(a, 4)));
        awaitOne(orderId, StockReserved.class);
        feed.publish(OrderCancelled.newBuilder().setOrderId(orderId)
                .setCustomer(CustomerSnapshot.newBuilder().setCustomerId("c-1").setName("Ada").setEmail("ada@example.org").build())
                .setReason("changed my mind").setCancelledAt(java.time.Instant.now()).build());

        StockReleased released = awaitOne(orderId, StockReleased.class);
        assertThat(released.getReason()).isEqualTo(ReleaseReason.ORDER_CANCELLED);
        assertThat(released.getLines()).singleElement().satisfies(l -> assertThat(l.getQuantity()).isEqualTo(4));
        given().get("/stock/" + a).then().body("available", equalTo(4)).body("reserved", equalTo(0));
    }

    /**
     * An order from the stream that the order service rejects (its prices did not match the catalog),
     * whose payment was authorized before inventory heard of the rejection: the stock committed to it
     * goes back (CI found it sold for ever before inventory listened to OrderRejected).
     */
    @Test
    void aRejectedOrderGivesBackEvenStockCommittedToItsPayment() {
        String a = sku();
        setAvailable(a, 10);
        String orderId = orderId();
        var placed = order(orderId, line(a, 3));
        feed.publish(placed);
        awaitOne(orderId, StockReserved.class);
        feed.publish(PaymentAuthorized.newBuilder().setOrderId(orderId).setPaymentId("p-" + orderId).setAmountMinor(0)
                .setCurrency("EUR").setGatewayReference("auth-0").setOrder(placed.getOrder())
                .setAuthorizedAt(java.time.Instant.now()).build());
        awaitOne(orderId, StockCommitted.class);
        given().get("/stock/" + a).then().body("available", equalTo(7)).body("reserved", equalTo(3));

        feed.publish(OrderRejected.newBuilder().setOrderId(orderId).setCustomer(placed.getOrder().getCustomer())
                .setReason(RejectionReason.OTHER).setDetail("not accepted as placed: A at 0 EUR, but the catalog has 2599 EUR")
                .setRejectedAt(java.time.Instant.now()).build());
        StockReleased released = awaitOne(orderId, StockReleased.class);
        assertThat(released.getReason()).isEqualTo(ReleaseReason.OTHER);
        given().get("/stock/" + a).then().body("available", equalTo(10)).body("reserved", equalTo(0));
    }

    @Test
    void manyOrdersRacingForScarceStockNeverOversell() {
        String scarce = sku();
        int units = 40;
        int orders = 150;
        setAvailable(scarce, units);
        String prefix = "race-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        for (int i = 0; i < orders; i++) {
            feed.publish(order(prefix + i, line(scarce, 1)));
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> outcomes(prefix), n -> n == orders);
        long reserved = TopicReader.read(kafka, "inventory", r -> r.key().startsWith(prefix)
                && "dev.orderflow.events.inventory.StockReserved".equals(header(r, "ce_type"))).size();
        assertThat(reserved).as("exactly the available units were reserved").isEqualTo(units);
        given().get("/stock/" + scarce).then().body("available", equalTo(0)).body("reserved", equalTo(units));
    }

    @Test
    void badAdjustmentsAreA4xxWithTheReason() {
        given().contentType(ContentType.JSON).body(Map.of("available", -1)).put("/stock/" + sku())
                .then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("available", 1)).put("/stock/lower case")
                .then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("available", Integer.MAX_VALUE)).put("/stock/" + sku())
                .then().statusCode(400).body(org.hamcrest.Matchers.containsString("at most 1000000000 units"));
    }

    private long outcomes(String prefix) {
        return TopicReader.read(kafka, "inventory", r -> r.key() != null && r.key().startsWith(prefix)
                && List.of("dev.orderflow.events.inventory.StockReserved", "dev.orderflow.events.inventory.StockReservationFailed")
                .contains(header(r, "ce_type"))).size();
    }

    private static String header(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record, String key) {
        var header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private <T extends SpecificRecord> T awaitOne(String orderId, Class<T> type) {
        return await().atMost(PATIENCE).until(() -> feed.events("inventory", orderId).stream()
                .filter(type::isInstance).map(type::cast).findFirst(), java.util.Optional::isPresent).orElseThrow();
    }

    private static void setAvailable(String sku, int available) {
        given().contentType(ContentType.JSON).body(Map.of("available", available)).put("/stock/" + sku)
                .then().statusCode(200).body("available", equalTo(available));
    }

    private static String sku() {
        return "SKU-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    private static String orderId() {
        return "ord-" + UUID.randomUUID();
    }
}
