package dev.orderflow.customer.rest;

import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import static dev.orderflow.stack.Authorized.given;
import static dev.orderflow.stack.Authorized.givenAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.orderflow.events.catalog.EventSerdeConfig;
import dev.orderflow.events.common.CustomerTier;
import dev.orderflow.events.customers.CustomerChanged;
import dev.orderflow.events.customers.PaymentMethod;
import dev.orderflow.stack.LocalStackResource;
import dev.orderflow.stack.TopicReader;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The customer service on the real stack: the API, its errors, and the full-state events it publishes. */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = LocalStackResource.DATABASE, value = "customer"))
class CustomerResourceTest {

    private static final Map<String, Object> HOME = Map.of("recipient", "Ada Lovelace", "line1", "12 Analytical Row",
            "postalCode", "10115", "city", "Berlin", "country", "DE");

    /** Where Kafka is and the login the application under test uses (the test stack's administrator). */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @ConfigProperty(name = "orderflow.registry.url")
    String registryUrl;

    /** Grace (a customer of the realm) registers herself: her id is her token's subject, her tier the standard one. */
    @Test
    void aCustomerRegistersAndKeepsTheirOwnProfileButNotTheirTier() {
        Map<String, Object> profile = new HashMap<>(Map.of("name", "Grace Hopper", "email", "grace@example.org",
                "addresses", List.of(HOME), "payment", Map.of("method", "CARD", "token", "tok_visa_2")));
        String id = givenAs("grace").contentType(ContentType.JSON).body(profile).post("/customers")
                .then().statusCode(201).body("tier", equalTo("STANDARD")).extract().path("id");
        givenAs("grace").contentType(ContentType.JSON).body(profile).post("/customers")
                .then().statusCode(409).body("detail", containsString(id));
        givenAs("grace").get("/customers/" + id).then().statusCode(200).body("name", equalTo("Grace Hopper"));

        profile.put("tier", "PLATINUM");
        givenAs("grace").contentType(ContentType.JSON).body(profile).put("/customers/" + id)
                .then().statusCode(403).body("detail", containsString("only an operator sets a customer's tier"));
        given().contentType(ContentType.JSON).body(profile).put("/customers/" + id)
                .then().statusCode(200).body("tier", equalTo("PLATINUM"));
        profile.remove("tier");
        profile.put("name", "Grace B. Hopper");
        givenAs("grace").contentType(ContentType.JSON).body(profile).put("/customers/" + id)
                .then().statusCode(200).body("tier", equalTo("PLATINUM")).body("name", equalTo("Grace B. Hopper"));

        givenAs("ada").get("/customers/" + id).then().statusCode(404);
        givenAs("ada").get("/customers").then().statusCode(403);
        givenAs("fiona").get("/customers/" + id).then().statusCode(403);
        RestAssured.given().get("/customers/" + id).then().statusCode(401);
    }

    @Test
    void registeringUpdatingAndClosingPublishTheFullStateEachTime() {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("name", "Ada Lovelace", "email", "ada@example.org", "tier", "GOLD", "addresses", List.of(HOME),
                        "payment", Map.of("method", "CARD", "token", "tok_visa_1")))
                .post("/customers")
                .then().statusCode(201)
                .body("version", equalTo(0)).body("hasPaymentToken", equalTo(true)).body("paymentToken", nullValue())
                .extract().path("id");

        given().contentType(ContentType.JSON)
                .body(Map.of("name", "Ada Lovelace", "email", "ada@example.org", "tier", "PLATINUM", "addresses", List.of(HOME),
                        "payment", Map.of("method", "INVOICE")))
                .put("/customers/" + id)
                .then().statusCode(200).body("version", equalTo(1)).body("tier", equalTo("PLATINUM"));
        given().delete("/customers/" + id).then().statusCode(200).body("active", equalTo(false));

        List<CustomerChanged> events = await().atMost(Duration.ofSeconds(60))
                .until(() -> customerEvents(id), list -> list.size() == 3);
        assertThat(events).extracting(CustomerChanged::getVersion).containsExactly(0L, 1L, 2L);
        assertThat(events.get(0).getPaymentMethod()).isEqualTo(PaymentMethod.CARD);
        assertThat(events.get(0).getPaymentToken()).isEqualTo("tok_visa_1");
        CustomerChanged last = events.get(2);
        assertThat(last.getTier()).isEqualTo(CustomerTier.PLATINUM);
        assertThat(last.getPaymentMethod()).isEqualTo(PaymentMethod.INVOICE);
        assertThat(last.getPaymentToken()).isNull();
        assertThat(last.getAddresses()).singleElement().satisfies(a -> {
            assertThat(a.getCity()).isEqualTo("Berlin");
            assertThat(a.getLine2()).isNull();
        });
        assertThat(last.getActive()).isFalse();

        given().contentType(ContentType.JSON)
                .body(Map.of("name", "Ada", "email", "ada@example.org", "payment", Map.of("method", "INVOICE")))
                .put("/customers/" + id)
                .then().statusCode(400).body("detail", containsString("closed"));
    }

    @Test
    void badInputIsA4xxWithTheReason() {
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "", "email", "nope", "payment", Map.of("method", "CARD")))
                .post("/customers")
                .then().statusCode(400).body(containsString("name")).body(containsString("email"));
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "Ada", "email", "ada@example.org", "payment", Map.of("method", "CARD")))
                .post("/customers")
                .then().statusCode(400).body("detail", equalTo("a CARD payment needs the gateway's token"));
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "Ada", "email", "ada@example.org", "payment", Map.of("method", "INVOICE"),
                        "addresses", List.of(Map.of("recipient", "Ada", "line1", "Row", "postalCode", "1", "city", "X", "country", "XX"))))
                .post("/customers")
                .then().statusCode(400).body("detail", containsString("ISO 3166-1"));
        given().get("/customers/nobody").then().statusCode(404).body("detail", equalTo("no customer nobody"));
    }

    private List<CustomerChanged> customerEvents(String id) {
        try (AvroKafkaDeserializer<SpecificRecord> avro = new AvroKafkaDeserializer<>()) {
            avro.configure(new HashMap<>(EventSerdeConfig.deserializer(registryUrl)), false);
            return TopicReader.read(kafka, "customers", r -> id.equals(r.key())).stream()
                    .map(r -> (CustomerChanged) avro.deserialize(r.topic(), r.headers(), r.value()))
                    .toList();
        }
    }
}
