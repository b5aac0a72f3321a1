package dev.orderflow.order.rest;

import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import static dev.orderflow.stack.Authorized.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.orderflow.events.common.Address;
import dev.orderflow.events.common.CustomerSnapshot;
import dev.orderflow.events.common.CustomerTier;
import dev.orderflow.events.common.OrderLine;
import dev.orderflow.events.common.OrderSnapshot;
import dev.orderflow.events.inventory.StockReservationFailed;
import dev.orderflow.events.inventory.StockReserved;
import dev.orderflow.events.inventory.UnavailableLine;
import dev.orderflow.events.orders.OrderCancelled;
import dev.orderflow.events.orders.OrderChannel;
import dev.orderflow.events.orders.OrderConfirmed;
import dev.orderflow.events.orders.OrderPlaced;
import dev.orderflow.events.orders.OrderRejected;
import dev.orderflow.events.orders.RejectionReason;
import dev.orderflow.events.payments.PaymentAuthorized;
import dev.orderflow.events.products.ProductChanged;
import dev.orderflow.events.shipments.ShipmentScheduled;
import dev.orderflow.messaging.inbox.DeadLetters;
import dev.orderflow.stack.EventFeed;
import dev.orderflow.stack.Authorized;
import dev.orderflow.stack.LocalStackResource;
import dev.orderflow.stack.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The order service on the real stack: replicas fed from the customer and catalog streams, orders
 * placed through the API, facts fed as the other services publish them, and what it decides.
 */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = LocalStackResource.DATABASE, value = "order"))
class OrderFlowTest {

    /** Where Kafka is and the login the application under test uses (the test stack's administrator). */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @ConfigProperty(name = "orderflow.registry.url")
    String registryUrl;

    @TestHTTPResource("/orders")
    URI orders;

    private EventFeed feed;
    private String customerId;
    private String mug;

    @BeforeEach
    void replicas() {
        feed = new EventFeed(kafka, registryUrl);
        customerId = "c-" + UUID.randomUUID();
        mug = "MUG-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        ReplicaFacts.mug(feed, mug);
        ReplicaFacts.ada(feed, customerId);
    }

    @AfterEach
    void close() {
        feed.close();
    }

    @Test
    void aRetryGetsTheFirstOrderEvenWhenItCouldNoLongerBePlacedAsAsked() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("customerId", customerId, "lines", List.of(Map.of("sku", mug, "quantity", 1)));
        String orderId = await().atMost(Duration.ofSeconds(60)).until(() -> given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(body).post("/orders"), r -> r.statusCode() == 201).then().extract().path("id");
        // The product is withdrawn after the first request: a new order for it is refused, the retry is not.
        feed.publish(ProductChanged.newBuilder().setSku(mug).setVersion(1).setName("Mug").setPriceMinor(1_250)
                .setCurrency("EUR").setActive(false).setChangedAt(Instant.now()).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> given().contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(body).post("/orders").statusCode() == 422);
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/orders")
                .then().statusCode(200).header("Idempotent-Replayed", "true").body("id", equalTo(orderId));
    }

    @Test
    void placedOnceAndConfirmedByTheFactsOfOthersWhileAFollowerSeesEveryStatus() throws Exception {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("customerId", customerId, "lines", List.of(Map.of("sku", mug, "quantity", 2)));
        String orderId = await().atMost(Duration.ofSeconds(60)).until(() -> given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(body).post("/orders"), r -> r.statusCode() == 201)
                .then().body("status", equalTo("PLACED")).body("subtotalMinor", equalTo(2_500))
                .body("shippingFeeMinor", equalTo(499)).body("totalMinor", equalTo(2_999))
                .extract().path("id");

        // The same request again (a retry) finds the same order; the key with another body is refused.
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/orders")
                .then().statusCode(200).header("Idempotent-Replayed", "true").body("id", equalTo(orderId));
        given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Map.of("customerId", customerId, "lines", List.of(Map.of("sku", mug, "quantity", 3)))).post("/orders")
                .then().statusCode(422).body("detail", containsString("different order request"));

        OrderPlaced placed = await().atMost(Duration.ofSeconds(30))
                .until(() -> only(orderId, OrderPlaced.class), list -> list.size() == 1).get(0);
        assertThat(placed.getOrder().getLines()).singleElement().satisfies(l -> {
            assertThat(l.getSku()).isEqualTo(mug);
            assertThat(l.getUnitPriceMinor()).isEqualTo(1_250);
        });
        assertThat(placed.getOrder().getCustomer().getEmail()).isEqualTo("ada@example.org");

        CompletableFuture<List<String>> follower = HttpClient.newHttpClient()
                .sendAsync(HttpRequest.newBuilder(URI.create(orders + "/" + orderId + "/status"))
                                .header("Authorization", Authorized.bearer()).build(),
                        HttpResponse.BodyHandlers.ofLines())
                .thenApply(r -> r.body().filter(line -> line.startsWith("data:")).toList());

        feed.publish(StockReserved.newBuilder().setOrderId(orderId).setReservationId("r-1").setOrder(placed.getOrder())
                .setExpiresAt(Instant.now().plusSeconds(900)).setReservedAt(Instant.now()).build());
        awaitStatus(orderId, "RESERVED");
        feed.publish(PaymentAuthorized.newBuilder().setOrderId(orderId).setPaymentId("p-1").setAmountMinor(2_999)
                .setCurrency("EUR").setGatewayReference("auth-1").setOrder(placed.getOrder()).setAuthorizedAt(Instant.now()).build());
        awaitStatus(orderId, "PAID");
        feed.publish(ShipmentScheduled.newBuilder().setOrderId(orderId).setShipmentId("s-1").setCarrier("Parcelwise")
                .setTrackingNumber("PW1").setScheduledAt(Instant.now()).build());
        awaitStatus(orderId, "CONFIRMED");

        OrderConfirmed confirmed = await().atMost(Duration.ofSeconds(30))
                .until(() -> only(orderId, OrderConfirmed.class), list -> list.size() == 1).get(0);
        assertThat(confirmed.getPaymentId()).isEqualTo("p-1");
        assertThat(confirmed.getShipmentId()).isEqualTo("s-1");
        assertThat(confirmed.getTotalMinor()).isEqualTo(2_999);

        given().get("/orders/" + orderId).then().statusCode(200)
                .body("timeline.event", equalTo(List.of("OrderPlaced", "StockReserved", "PaymentAuthorized",
                        "ShipmentScheduled", "OrderConfirmed")))
                .body("trackingNumber", equalTo("PW1"));
        given().post("/orders/" + orderId + "/cancel").then().statusCode(409).body("detail", containsString("CONFIRMED"));

        List<String> updates = follower.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(updates).last().asString().contains("\"status\":\"CONFIRMED\"");
        assertThat(String.join("\n", updates)).contains("RESERVED").contains("PAID");
    }

    @Test
    void cancelledBeforeConfirmation() {
        String orderId = place(1);
        given().contentType(ContentType.JSON).body(Map.of("reason", "found it cheaper")).post("/orders/" + orderId + "/cancel")
                .then().statusCode(200).body("status", equalTo("CANCELLED")).body("statusDetail", equalTo("found it cheaper"));
        OrderCancelled cancelled = await().atMost(Duration.ofSeconds(30))
                .until(() -> only(orderId, OrderCancelled.class), list -> list.size() == 1).get(0);
        assertThat(cancelled.getReason()).isEqualTo("found it cheaper");
        assertThat(cancelled.getCustomer().getCustomerId()).isEqualTo(customerId);

        given().get("/orders?customerId=" + customerId).then().statusCode(200)
                .body("total", equalTo(1)).body("items", hasSize(1)).body("items[0].id", equalTo(orderId));
    }

    @Test
    void anOrderPlacedOnTheStreamIsAdoptedWithTheFactsThatCameFirst() {
        place(1); // the replicas know the mug and the customer
        String orderId = "op-" + UUID.randomUUID();
        // The inventory answered before this service saw the order (they read different streams).
        feed.publish(StockReservationFailed.newBuilder().setOrderId(orderId)
                .setUnavailable(List.of(UnavailableLine.newBuilder().setSku(mug).setRequested(5).setAvailable(1).build()))
                .setFailedAt(Instant.now()).build());
        inject(orderId, CustomerSnapshot.newBuilder().setCustomerId(customerId).setName("Ada").setEmail("ada@example.org").build(),
                5, 1_250, 0);
        awaitStatus(orderId, "REJECTED");
        given().get("/orders/" + orderId).then()
                .body("channel", equalTo("OPERATOR"))
                .body("statusDetail", containsString("5 asked, 1 available"));
    }

    @Test
    void anOrderPlacedOnTheStreamAtItsOwnPricesIsRejectedWithWhatDiffers() {
        place(1); // the replicas know the mug and the customer
        String orderId = "op-" + UUID.randomUUID();
        // A real customer's id with a made-up name and e-mail, three mugs at 0.00.
        inject(orderId, CustomerSnapshot.newBuilder().setCustomerId(customerId).setName("Mallory").setEmail("mallory@example.org")
                .setTier(CustomerTier.GOLD).build(), 3, 0, 0);
        awaitStatus(orderId, "REJECTED");
        given().get("/orders/" + orderId).then()
                .body("statusDetail", containsString(mug + " at 0 EUR, but the catalog has 1250 EUR"))
                .body("statusDetail", containsString("is not Mallory <mallory@example.org>, GOLD but Ada <ada@example.org>, STANDARD"));
        OrderRejected rejected = await().atMost(Duration.ofSeconds(30)).until(() -> only(orderId, OrderRejected.class),
                l -> !l.isEmpty()).getFirst();
        assertThat(rejected.getReason()).isEqualTo(RejectionReason.OTHER);
        assertThat(rejected.getDetail()).contains("not accepted as placed");
    }

    @Test
    void aReplicaVersionNoOwnerCouldHaveWrittenIsDeadLetteredAndRealChangesStillApply() {
        // Injected on the stream: a version that would pin the replica (every real change after it looks older).
        feed.publish(ProductChanged.newBuilder().setSku(mug).setVersion(Long.MAX_VALUE).setName("Free mug").setPriceMinor(0)
                .setCurrency("EUR").setActive(true).setChangedAt(Instant.now()).build());
        feed.publish(ProductChanged.newBuilder().setSku(mug).setVersion(1).setName("Mug").setPriceMinor(1_900)
                .setCurrency("EUR").setActive(true).setChangedAt(Instant.now()).build());

        var dead = await().atMost(Duration.ofSeconds(60)).until(() -> TopicReader.read(kafka, "products.dlq",
                r -> mug.equals(r.key())), l -> !l.isEmpty()).getFirst();
        assertThat(new String(dead.headers().lastHeader(DeadLetters.ERROR).value(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("version " + Long.MAX_VALUE).contains("cannot have written");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/orders/" + place(1)).then()
                .body("lines[0].unitPriceMinor", equalTo(1_900)));
    }

    @Test
    void badRequestsAreRefusedWithAReason() {
        given().contentType(ContentType.JSON).body(Map.of("customerId", customerId, "lines", List.of(Map.of("sku", mug, "quantity", 1))))
                .post("/orders").then().statusCode(400).body(containsString("Idempotency-Key"));
        given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("customerId", customerId, "lines", List.of(Map.of("sku", mug, "quantity", 0))))
                .post("/orders").then().statusCode(400);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("customerId", customerId, "lines", List.of(Map.of("sku", "NO-SUCH-SKU", "quantity", 1))))
                .post("/orders").then().statusCode(422).body("detail", containsString("NO-SUCH-SKU does not exist")));
        given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("customerId", "nobody", "lines", List.of(Map.of("sku", mug, "quantity", 1))))
                .post("/orders").then().statusCode(422).body("detail", containsString("unknown customer"));
        given().get("/orders/nope").then().statusCode(404);
        given().get("/orders").then().statusCode(400);
        // page x size would overflow the query's offset
        given().get("/orders?customerId=" + customerId + "&page=10737419&size=200").then().statusCode(400)
                .body(containsString("page must be at most 1000000"));
    }

    /** An OrderPlaced as an operator would put it on the stream: mugs at the given price, the sums from it. */
    private void inject(String orderId, CustomerSnapshot customer, int quantity, long unitPriceMinor, long shippingFeeMinor) {
        long subtotal = quantity * unitPriceMinor;
        feed.publish(OrderPlaced.newBuilder().setOrderId(orderId).setChannel(OrderChannel.OPERATOR)
                .setOrder(OrderSnapshot.newBuilder().setCustomer(customer)
                        .setShippingAddress(Address.newBuilder().setRecipient(customer.getName()).setLine1("1 Row").setPostalCode("10115")
                                .setCity("Berlin").setCountry("DE").build())
                        .setLines(List.of(OrderLine.newBuilder().setSku(mug).setName("Mug").setQuantity(quantity)
                                .setUnitPriceMinor(unitPriceMinor).build()))
                        .setCurrency("EUR").setSubtotalMinor(subtotal).setShippingFeeMinor(shippingFeeMinor)
                        .setTotalMinor(subtotal + shippingFeeMinor).setPlacedAt(Instant.now()).build())
                .build());
    }

    private String place(int quantity) {
        String key = UUID.randomUUID().toString();
        return await().atMost(Duration.ofSeconds(60)).until(() -> given().contentType(ContentType.JSON)
                        .header("Idempotency-Key", key)
                        .body(Map.of("customerId", customerId, "lines", List.of(Map.of("sku", mug, "quantity", quantity))))
                        .post("/orders"), r -> r.statusCode() == 201)
                .then().extract().path("id");
    }

    private static void awaitStatus(String orderId, String status) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/orders/" + orderId).then().statusCode(200).body("status", equalTo(status)));
    }

    private <T extends SpecificRecord> List<T> only(String orderId, Class<T> type) {
        return feed.events("orders", orderId).stream().filter(type::isInstance).map(type::cast).toList();
    }
}
