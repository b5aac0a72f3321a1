package dev.orderflow.notification.events;

import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.util.Map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.orderflow.events.common.Address;
import dev.orderflow.events.common.CustomerSnapshot;
import dev.orderflow.events.common.OrderLine;
import dev.orderflow.events.common.OrderSnapshot;
import dev.orderflow.events.orders.OrderConfirmed;
import dev.orderflow.events.orders.OrderPlaced;
import dev.orderflow.events.orders.OrderRejected;
import dev.orderflow.events.orders.RejectionReason;
import dev.orderflow.stack.EventFeed;
import dev.orderflow.stack.LocalStackResource;
import dev.orderflow.stack.MailSink;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The notification service on the real stack, sending over SMTP to the stack's mail sink (GreenMail). */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = LocalStackResource.DATABASE, value = "notification"))
class NotificationFlowTest {

    /** Where Kafka is and the login the application under test uses (the test stack's administrator). */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @ConfigProperty(name = "orderflow.registry.url")
    String registryUrl;

    @ConfigProperty(name = "orderflow.mail-api.url")
    String mailApi;

    @Test
    void oneMailPerTransitionEvenWhenEventsComeAgain() {
        String orderId = "o-" + UUID.randomUUID();
        String email = "ada-" + orderId.substring(2, 10) + "@example.org";
        CustomerSnapshot customer = CustomerSnapshot.newBuilder().setCustomerId("c-1").setName("Ada").setEmail(email).build();
        OrderPlaced placed = OrderPlaced.newBuilder().setOrderId(orderId).setOrder(OrderSnapshot.newBuilder()
                        .setCustomer(customer)
                        .setShippingAddress(Address.newBuilder().setRecipient("Ada").setLine1("1 Row").setPostalCode("10115")
                                .setCity("Berlin").setCountry("DE").build())
                        .setLines(List.of(OrderLine.newBuilder().setSku("MUG").setName("Mug").setQuantity(2).setUnitPriceMinor(1_250).build()))
                        .setCurrency("EUR").setSubtotalMinor(2_500).setShippingFeeMinor(499).setTotalMinor(2_999)
                        .setPlacedAt(Instant.now()).build())
                .build();
        OrderConfirmed confirmed = OrderConfirmed.newBuilder().setOrderId(orderId).setCustomer(customer).setCurrency("EUR")
                .setTotalMinor(2_999).setPaymentId("p-1").setShipmentId("s-1").setCarrier("Parcelwise").setTrackingNumber("PW1")
                .setConfirmedAt(Instant.now()).build();
        try (EventFeed feed = new EventFeed(kafka, registryUrl)) {
            feed.publish(placed);
            feed.publish(confirmed);
            // An operator re-injects both (new event ids: the inbox does not know them).
            feed.publish(placed);
            feed.publish(confirmed);
        }
        List<MailSink.Mail> mails = await().atMost(Duration.ofSeconds(60))
                .until(() -> mails(email), list -> list.size() >= 2);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> mails(email).size() == 2);
        assertThat(mails).extracting(MailSink.Mail::subject)
                .containsExactlyInAnyOrder("We received your order " + orderId, "Your order " + orderId + " is confirmed");
        assertThat(mails.toString()).contains("tracking number PW1");
    }

    @Test
    void aRejectionSaysWhy() {
        String orderId = "o-" + UUID.randomUUID();
        String email = "bob-" + orderId.substring(2, 10) + "@example.org";
        try (EventFeed feed = new EventFeed(kafka, registryUrl)) {
            feed.publish(OrderRejected.newBuilder().setOrderId(orderId)
                    .setCustomer(CustomerSnapshot.newBuilder().setCustomerId("c-2").setName("Bob").setEmail(email).build())
                    .setReason(RejectionReason.PAYMENT_DECLINED).setDetail("insufficient funds").setRejectedAt(Instant.now()).build());
        }
        List<MailSink.Mail> mails = await().atMost(Duration.ofSeconds(60)).until(() -> mails(email), list -> list.size() == 1);
        assertThat(mails.toString()).contains("the payment was declined (insufficient funds)");
    }

    private List<MailSink.Mail> mails(String email) {
        return new MailSink(mailApi).inbox(email);
    }
}
