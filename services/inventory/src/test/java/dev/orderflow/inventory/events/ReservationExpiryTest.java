package dev.orderflow.inventory.events;

import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.orderflow.events.inventory.ReservationExpired;
import dev.orderflow.events.inventory.StockCommitted;
import dev.orderflow.events.inventory.StockReserved;
import dev.orderflow.events.payments.PaymentAuthorized;
import dev.orderflow.stack.EventFeed;
import dev.orderflow.stack.LocalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import static dev.orderflow.inventory.events.Orders.line;
import static dev.orderflow.inventory.events.Orders.order;
import static dev.orderflow.stack.Authorized.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Unpaid reservations expire after their time to live (6 s here) and give their stock back; paid
 * ones are committed and do not. Inventory alone decides between the two: a payment that comes after
 * the expiry commits nothing.
 */
@QuarkusTest
@TestProfile(ReservationExpiryTest.ShortTtl.class)
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = LocalStackResource.DATABASE, value = "inventory"))
class ReservationExpiryTest {

    public static class ShortTtl implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("inventory.reservation.ttl", "PT6S", "inventory.reservation.expiry-check", "1s");
        }
    }

    /** Where Kafka is and the login the application under test uses (the test stack's administrator). */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @ConfigProperty(name = "orderflow.registry.url")
    String registryUrl;

    @Test
    void anUnpaidReservationExpiresAPaidOneIsCommittedAndALatePaymentCommitsNothing() throws Exception {
        String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        given().contentType(ContentType.JSON).body(Map.of("available", 5)).put("/stock/" + sku).then().statusCode(200);
        String unpaid = "ord-" + UUID.randomUUID();
        String paid = "ord-" + UUID.randomUUID();
        try (EventFeed feed = new EventFeed(kafka, registryUrl)) {
            feed.publish(order(unpaid, line(sku, 2)));
            feed.publish(order(paid, line(sku, 1)));
            StockReserved reserved = await().atMost(Duration.ofSeconds(60)).until(() -> feed.events("inventory", paid).stream()
                    .filter(StockReserved.class::isInstance).map(StockReserved.class::cast).findFirst(),
                    java.util.Optional::isPresent).orElseThrow();
            feed.publish(PaymentAuthorized.newBuilder().setOrderId(paid).setPaymentId("pay-1").setAmountMinor(100)
                    .setCurrency("EUR").setGatewayReference("gw-1").setOrder(reserved.getOrder())
                    .setAuthorizedAt(Instant.now()).build());

            StockCommitted committed = await().atMost(Duration.ofSeconds(60)).until(() -> feed.events("inventory", paid)
                    .stream().filter(StockCommitted.class::isInstance).map(StockCommitted.class::cast).findFirst(),
                    java.util.Optional::isPresent).orElseThrow();
            assertThat(committed.getPaymentId()).isEqualTo("pay-1");
            assertThat(committed.getReservationId()).isEqualTo(reserved.getReservationId());
            assertThat(committed.getOrder()).isEqualTo(reserved.getOrder());

            ReservationExpired expired = await().atMost(Duration.ofSeconds(60)).until(() -> feed.events("inventory", unpaid)
                    .stream().filter(ReservationExpired.class::isInstance).map(ReservationExpired.class::cast).findFirst(),
                    java.util.Optional::isPresent).orElseThrow();
            assertThat(expired.getLines()).singleElement().satisfies(l -> assertThat(l.getQuantity()).isEqualTo(2));
            given().get("/stock/" + sku).then().body("available", equalTo(4)).body("reserved", equalTo(1));

            // The unpaid order's payment comes in after all: its stock is gone, nothing is committed.
            feed.publish(PaymentAuthorized.newBuilder().setOrderId(unpaid).setPaymentId("pay-late").setAmountMinor(200)
                    .setCurrency("EUR").setGatewayReference("gw-2").setOrder(order(unpaid, line(sku, 2)).getOrder())
                    .setAuthorizedAt(Instant.now()).build());

            Thread.sleep(4_000); // well past the paid reservation's time to live
            assertThat(feed.events("inventory", paid)).noneMatch(ReservationExpired.class::isInstance);
            assertThat(feed.events("inventory", unpaid)).noneMatch(StockCommitted.class::isInstance);
            given().get("/stock/" + sku).then().body("available", equalTo(4)).body("reserved", equalTo(1));
        }
    }
}
