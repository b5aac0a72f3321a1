package dev.orderflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.events.catalog.EventSerdeConfig;
import dev.orderflow.events.orders.OrderConfirmed;
import dev.orderflow.events.payments.PaymentAuthorized;
import dev.orderflow.events.payments.PaymentRefunded;
import dev.orderflow.stack.JsonHttp;
import dev.orderflow.stack.LocalStack;
import dev.orderflow.stack.MailSink;
import dev.orderflow.stack.ServiceOptions;
import dev.orderflow.stack.StackConfig;
import dev.orderflow.stack.TopicReader;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import org.apache.avro.specific.SpecificRecord;

/**
 * The whole system driven from outside, as a shop's clients and operators would (the APIs, the
 * streams, the simulated mail server), remembering what it stocked and which orders it placed, so
 * that the invariants of DESIGN.md section 3 can be checked over everything it did.
 */
final class Shop {

    record Customer(String id, String email) {
    }

    final LocalStack stack;
    final JsonHttp http = new JsonHttp();
    final MailSink mail;

    /** Units each SKU was stocked with; every order placed, with its customer's mail address. */
    final Map<String, Integer> stocked = new ConcurrentHashMap<>();
    final Map<String, String> placed = new ConcurrentHashMap<>();

    private Shop(LocalStack stack) {
        this.stack = stack;
        this.mail = new MailSink(stack.config().mailApiUrl());
    }

    /** A fresh stack of its own (infrastructure on free ports, under {@code target/<name>}) with every service started. */
    static Shop open(String name, ServiceOptions services) {
        LocalStack stack = new LocalStack(StackConfig.onFreePorts(Path.of("target", name).toAbsolutePath()),
                Path.of(System.getProperty("orderflow.repo", "../..")).toAbsolutePath().normalize(), services);
        stack.reset();
        stack.up();
        stack.startServices();
        return new Shop(stack);
    }

    /** Services on free ports whose reservations expire after {@code ttl} (ISO-8601), checked every 2 s. */
    static ServiceOptions reservationsFor(String ttl) {
        return ServiceOptions.onFreePorts(Map.of("inventory.reservation.ttl", ttl, "inventory.reservation.expiry-check", "2s"));
    }

    /** Stops every process of the stack. */
    void close() {
        stack.down();
    }

    String url(String service) {
        return stack.serviceUrl(service);
    }

    String product(long priceMinor, int units) {
        String sku = "SYS-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        http.post(url("catalog") + "/products", Map.of("sku", sku, "name", "Product " + sku, "priceMinor", priceMinor, "currency", "EUR"), 201);
        http.put(url("inventory") + "/stock/" + sku, Map.of("available", units, "reason", "system test"), 200);
        stocked.put(sku, units);
        return sku;
    }

    /** @param token the card token (null: pays by invoice) */
    Customer customer(String token, String postalCode, String tier) {
        String email = (token == null ? "invoice" : token.replace('_', '-')) + "-" + UUID.randomUUID().toString().substring(0, 6)
                + "@system.orderflow.example";
        Map<String, Object> payment = token == null ? Map.of("method", "INVOICE") : Map.of("method", "CARD", "token", token);
        JsonNode created = http.post(url("customer") + "/customers", Map.of("name", "Customer " + email, "email", email,
                "tier", tier, "addresses", List.of(Map.of("recipient", "R", "line1", "1 Test Street", "postalCode", postalCode,
                        "city", "Berlin", "country", "DE")), "payment", payment), 201);
        return new Customer(created.path("id").asText(), email);
    }

    /** Places an order through the API (waiting, if need be, for the order service's replicas to know the customer and products). */
    String place(Customer customer, Map<String, Integer> lines) {
        Map<String, Object> body = body(customer, lines);
        String key = UUID.randomUUID().toString();
        HttpResponse<String> response = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> http.send("POST", url("order") + "/orders", body, key), r -> r.statusCode() == 201 || r.statusCode() != 422);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return placed(JsonHttp.json(response).path("id").asText(), customer);
    }

    Map<String, Object> body(Customer customer, Map<String, Integer> lines) {
        return Map.of("customerId", customer.id(), "lines",
                lines.entrySet().stream().map(e -> Map.of("sku", e.getKey(), "quantity", e.getValue())).toList());
    }

    String placed(String orderId, Customer customer) {
        placed.put(orderId, customer.email());
        return orderId;
    }

    /** The order once terminal (an order injected on the stream is 404 until the order service adopted it). */
    JsonNode awaitTerminal(String id) {
        return await().atMost(Duration.ofSeconds(180)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                .until(() -> JsonHttp.json(http.send("GET", url("order") + "/orders/" + id, null, null, 200, 404)),
                        o -> o.path("terminal").asBoolean());
    }

    String status(String id) {
        return http.get(url("order") + "/orders/" + id).path("status").asText();
    }

    static List<String> events(JsonNode order) {
        List<String> events = new ArrayList<>();
        order.path("timeline").forEach(f -> events.add(f.path("event").asText()));
        return events;
    }

    /** {available, reserved} of a SKU. */
    int[] level(String sku) {
        JsonNode level = http.get(url("inventory") + "/stock/" + sku);
        return new int[] {level.path("available").asInt(), level.path("reserved").asInt()};
    }

    List<SpecificRecord> topic(String topic) {
        try (AvroKafkaDeserializer<SpecificRecord> deserializer = new AvroKafkaDeserializer<>()) {
            deserializer.configure(new HashMap<>(EventSerdeConfig.deserializer(stack.config().registryUrl())), false);
            return TopicReader.read(stack.config().kafkaBootstrapServers(), topic, r -> true).stream()
                    .map(r -> deserializer.deserialize(r.topic(), r.headers(), r.value())).toList();
        }
    }

    /** DESIGN.md section 3, over everything this shop did so far. */
    void assertInvariants() {
        // Every order reaches a terminal state.
        Map<String, JsonNode> orders = new HashMap<>();
        placed.keySet().forEach(id -> orders.put(id, awaitTerminal(id)));

        // Stock never goes negative; available + reserved is what was stocked; what stays reserved is what confirmed orders hold.
        Map<String, Integer> confirmedUnits = new HashMap<>();
        orders.values().stream().filter(o -> o.path("status").asText().equals("CONFIRMED"))
                .forEach(o -> o.path("lines").forEach(l -> confirmedUnits.merge(l.path("sku").asText(), l.path("quantity").asInt(), Integer::sum)));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> stocked.forEach((sku, initial) -> {
            int[] level = level(sku);
            assertThat(level[0]).as("%s available", sku).isNotNegative();
            assertThat(level[0] + level[1]).as("%s available + reserved", sku).isEqualTo(initial);
            assertThat(level[1]).as("%s reserved", sku).isEqualTo(confirmedUnits.getOrDefault(sku, 0));
        }));

        // Money charged minus refunded equals the total of confirmed orders.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<SpecificRecord> payments = topic("payments");
            long charged = payments.stream().filter(PaymentAuthorized.class::isInstance).map(PaymentAuthorized.class::cast)
                    .mapToLong(PaymentAuthorized::getAmountMinor).sum();
            long refunded = payments.stream().filter(PaymentRefunded.class::isInstance).map(PaymentRefunded.class::cast)
                    .mapToLong(PaymentRefunded::getAmountMinor).sum();
            long confirmed = topic("orders").stream().filter(OrderConfirmed.class::isInstance).map(OrderConfirmed.class::cast)
                    .mapToLong(OrderConfirmed::getTotalMinor).sum();
            assertThat(charged - refunded).as("charged %d, refunded %d", charged, refunded).isEqualTo(confirmed);
        });

        // One notification per order transition: placed, and how it ended.
        Map<String, List<MailSink.Mail>> inboxes = new HashMap<>();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            inboxes.clear();
            new HashMap<>(placed).values().stream().distinct().forEach(email -> inboxes.put(email, mail.inbox(email)));
            placed.forEach((id, email) -> assertThat(inboxes.get(email).stream().filter(m -> m.subject().contains(id)).toList())
                    .as("mails about order %s", id).hasSize(2));
        });
        placed.forEach((id, email) -> assertThat(inboxes.get(email).stream().filter(m -> m.subject().contains(id))
                .map(MailSink.Mail::messageId).distinct().count()).as("distinct transitions of %s", id).isEqualTo(2));
    }
}
