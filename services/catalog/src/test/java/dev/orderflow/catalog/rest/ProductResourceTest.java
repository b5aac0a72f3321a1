package dev.orderflow.catalog.rest;

import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import static dev.orderflow.stack.Authorized.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.orderflow.events.catalog.EventSerdeConfig;
import dev.orderflow.events.products.ProductChanged;
import dev.orderflow.stack.LocalStackResource;
import dev.orderflow.stack.TopicReader;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The catalog on the real stack: the API, its errors, and the full-state events it publishes. */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = LocalStackResource.DATABASE, value = "catalog"))
class ProductResourceTest {

    /** Where Kafka is and the login the application under test uses (the test stack's administrator). */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @ConfigProperty(name = "orderflow.registry.url")
    String registryUrl;

    @Test
    void introducingRevisingAndWithdrawingPublishTheFullStateEachTime() {
        String sku = sku();
        given().contentType(ContentType.JSON)
                .body(Map.of("sku", sku, "name", "Desk lamp", "priceMinor", 2599, "currency", "EUR"))
                .post("/products")
                .then().statusCode(201)
                .header("Location", containsString("/products/" + sku))
                .body("version", equalTo(0)).body("active", equalTo(true));

        given().contentType(ContentType.JSON)
                .body(Map.of("name", "Desk lamp", "description", "Brass", "priceMinor", 2999, "currency", "EUR", "active", true))
                .put("/products/" + sku)
                .then().statusCode(200).body("version", equalTo(1)).body("priceMinor", equalTo(2999));

        given().delete("/products/" + sku).then().statusCode(200).body("active", equalTo(false)).body("version", equalTo(2));
        given().get("/products/" + sku).then().statusCode(200).body("description", equalTo("Brass"));

        List<ProductChanged> published = await().atMost(Duration.ofSeconds(60))
                .until(() -> productEvents(sku), events -> events.size() == 3);
        assertThat(published).extracting(ProductChanged::getVersion).containsExactly(0L, 1L, 2L);
        ProductChanged last = published.get(2);
        assertThat(last.getName()).isEqualTo("Desk lamp");
        assertThat(last.getDescription()).isEqualTo("Brass");
        assertThat(last.getPriceMinor()).isEqualTo(2999L);
        assertThat(last.getCurrency()).isEqualTo("EUR");
        assertThat(last.getActive()).isFalse();
    }

    @Test
    void aRevisionThatChangesNothingPublishesNothing() {
        String sku = sku();
        given().contentType(ContentType.JSON)
                .body(Map.of("sku", sku, "name", "Mug", "priceMinor", 900, "currency", "EUR"))
                .post("/products").then().statusCode(201);
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "Mug", "priceMinor", 900, "currency", "EUR", "active", true))
                .put("/products/" + sku).then().statusCode(200).body("version", equalTo(0));
        await().atMost(Duration.ofSeconds(60)).until(() -> productEvents(sku), events -> events.size() == 1);
    }

    @Test
    void badInputIsA4xxWithTheReason() {
        given().contentType(ContentType.JSON)
                .body(Map.of("sku", "lower case", "name", "", "priceMinor", -5, "currency", "EURO"))
                .post("/products")
                .then().statusCode(400)
                .body(containsString("sku")).body(containsString("name"))
                .body(containsString("priceMinor")).body(containsString("currency"));

        given().contentType(ContentType.JSON)
                .body(Map.of("sku", sku(), "name", "Thing", "priceMinor", 5, "currency", "XYZ"))
                .post("/products")
                .then().statusCode(400).body("detail", equalTo("unknown currency XYZ"));

        String sku = sku();
        given().contentType(ContentType.JSON)
                .body(Map.of("sku", sku, "name", "Thing", "priceMinor", 5, "currency", "EUR"))
                .post("/products").then().statusCode(201);
        given().contentType(ContentType.JSON)
                .body(Map.of("sku", sku, "name", "Thing", "priceMinor", 5, "currency", "EUR"))
                .post("/products").then().statusCode(409).body("detail", containsString("exists already"));

        given().get("/products/NO-SUCH-SKU").then().statusCode(404).body("detail", equalTo("no product NO-SUCH-SKU"));
        given().get("/products?size=0").then().statusCode(400);
    }

    private static String sku() {
        return "SKU-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    /** The product's events on the products stream, in order. */
    private List<ProductChanged> productEvents(String sku) {
        try (AvroKafkaDeserializer<SpecificRecord> avro = new AvroKafkaDeserializer<>()) {
            avro.configure(new HashMap<>(EventSerdeConfig.deserializer(registryUrl)), false);
            return TopicReader.read(kafka, "products", r -> sku.equals(r.key())).stream()
                    .map(r -> (ProductChanged) avro.deserialize(r.topic(), r.headers(), r.value()))
                    .toList();
        }
    }
}
