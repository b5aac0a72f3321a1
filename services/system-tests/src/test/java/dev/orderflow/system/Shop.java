package dev.orderflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import dev.orderflow.stack.SimulatorLedger;
import dev.orderflow.stack.StackConfig;
import dev.orderflow.stack.Tokens;
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
    /** The stack's tools' tokens (operator and finance): the shop's back office. */
    final Tokens tokens;
    final JsonHttp http;
    final MailSink mail;

    /** Units each SKU was stocked with; every order placed, with its customer's mail address. */
    final Map<String, Integer> stocked = new ConcurrentHashMap<>();
    final Map<String, String> placed = new ConcurrentHashMap<>();
    /** The mail addresses of the customers who pay by invoice (bank transfer, not through the gateway). */
    private final Set<String> invoicePayers = ConcurrentHashMap.newKeySet();

    private Shop(LocalStack stack) {
        this.stack = stack;
        this.tokens = stack.toolTokens();
        this.http = new JsonHttp(tokens);
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
        if (token == null) {
            invoicePayers.add(email);
        }
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
            return TopicReader.read(stack.kafkaAdmin(), topic, r -> true).stream()
                    .map(r -> deserializer.deserialize(r.topic(), r.headers(), r.value())).toList();
        }
    }

    /**
     * DESIGN.md section 3, over everything this shop did so far, read from the services' own
     * databases, the simulated gateway's and mail server's books, and the streams.
     */
    void assertInvariants() {
        ServiceDatabases books = new ServiceDatabases(stack.config());

        // Every order reaches a terminal state in the order service's database.
        Map<String, ServiceDatabases.OrderRow> orders = new HashMap<>();
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            orders.clear();
            orders.putAll(books.orders(placed.keySet()));
            assertThat(placed.keySet().stream().filter(id -> orders.get(id) == null || !orders.get(id).terminal()).toList())
                    .as("orders not terminal in the order database").isEmpty();
        });
        List<ServiceDatabases.OrderRow> confirmed = orders.values().stream().filter(o -> o.status().equals("CONFIRMED")).toList();

        // Stock never goes negative; available + reserved is what was stocked; what stays reserved is
        // what confirmed orders hold, each through its own committed reservation; nothing stays held.
        Map<String, Integer> confirmedUnits = new HashMap<>();
        confirmed.forEach(o -> o.units().forEach((sku, units) -> confirmedUnits.merge(sku, units, Integer::sum)));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, int[]> stock = books.stock(stocked.keySet());
            stocked.forEach((sku, initial) -> {
                int[] level = stock.get(sku);
                assertThat(level[0]).as("%s available", sku).isNotNegative();
                assertThat(level[0] + level[1]).as("%s available + reserved", sku).isEqualTo(initial);
                assertThat(level[1]).as("%s reserved", sku).isEqualTo(confirmedUnits.getOrDefault(sku, 0));
            });
            Map<String, ServiceDatabases.ReservationRow> reservations = books.reservations(orders.keySet());
            orders.values().forEach(o -> {
                ServiceDatabases.ReservationRow r = reservations.get(o.id());
                if (o.status().equals("CONFIRMED")) {
                    assertThat(r).as("reservation of confirmed order %s", o.id()).isNotNull();
                    assertThat(r.status()).as("reservation of confirmed order %s", o.id()).isEqualTo("CONFIRMED");
                    assertThat(r.units()).as("units reserved for order %s", o.id()).isEqualTo(o.units());
                } else if (r != null) {
                    assertThat(r.status()).as("reservation of %s order %s", o.status(), o.id()).isIn("RELEASED", "EXPIRED");
                }
            });
        });

        // Money: at the gateway, each confirmed card order's total stays charged and nothing else does
        // (what it authorized minus what it refunded, by idempotency key: a late answer counts too);
        // the payment service's books agree; and so do the facts on the payments stream.
        SimulatorLedger gateway = new SimulatorLedger(stack.config().paymentGatewayUrl());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, ServiceDatabases.PaymentRow> payments = books.payments(orders.keySet());
            SimulatorLedger.Journal asked = gateway.read();
            Map<String, Long> netByPayment = new HashMap<>();
            Map<String, String> paymentByAuthorization = new HashMap<>();
            asked.succeededOncePerKey("POST", "/v1/authorizations").forEach((paymentId, authorization) -> {
                netByPayment.merge(paymentId, authorization.body().path("amountMinor").asLong(), Long::sum);
                paymentByAuthorization.put(authorization.answer().path("authorizationId").asText(), paymentId);
            });
            asked.succeededOncePerKey("POST", "/v1/authorizations/[^/]+/refunds").values().forEach(refund -> {
                String paymentId = paymentByAuthorization.get(refund.path().split("/")[3]);
                assertThat(paymentId).as("the authorization refunded by %s", refund.path()).isNotNull();
                netByPayment.merge(paymentId, -refund.body().path("amountMinor").asLong(), Long::sum);
            });
            orders.values().forEach(o -> {
                ServiceDatabases.PaymentRow payment = payments.get(o.id());
                boolean byCard = !invoicePayers.contains(placed.get(o.id()));
                long kept = payment == null ? 0 : netByPayment.getOrDefault(payment.id(), 0L);
                assertThat(kept).as("kept at the gateway for %s order %s (payment %s)", o.status(), o.id(), payment)
                        .isEqualTo(o.status().equals("CONFIRMED") && byCard ? o.totalMinor() : 0);
                if (o.status().equals("CONFIRMED")) {
                    assertThat(payment).as("payment of confirmed order %s", o.id()).isNotNull();
                    assertThat(payment.status()).as("payment of confirmed order %s", o.id()).isEqualTo("AUTHORIZED");
                    assertThat(payment.amountMinor()).as("payment of confirmed order %s", o.id()).isEqualTo(o.totalMinor());
                } else if (payment != null) {
                    assertThat(payment.status()).as("payment of %s order %s", o.status(), o.id())
                            .isNotIn("REQUESTED", "AUTHORIZED", "REFUND_PENDING", "FAILED_IN_DOUBT");
                }
            });
            List<SpecificRecord> facts = topic("payments");
            long charged = facts.stream().filter(PaymentAuthorized.class::isInstance).map(PaymentAuthorized.class::cast)
                    .mapToLong(PaymentAuthorized::getAmountMinor).sum();
            long refunded = facts.stream().filter(PaymentRefunded.class::isInstance).map(PaymentRefunded.class::cast)
                    .mapToLong(PaymentRefunded::getAmountMinor).sum();
            long confirmedTotal = topic("orders").stream().filter(OrderConfirmed.class::isInstance).map(OrderConfirmed.class::cast)
                    .mapToLong(OrderConfirmed::getTotalMinor).sum();
            assertThat(charged - refunded).as("on the streams: charged %d, refunded %d", charged, refunded).isEqualTo(confirmedTotal);
        });

        // Shipments: at the carrier, each confirmed order has exactly one shipment left, every other order none.
        SimulatorLedger carrier = new SimulatorLedger(stack.config().carrierUrl());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            SimulatorLedger.Journal asked = carrier.read();
            Set<String> cancelled = new HashSet<>();
            asked.exchanges("DELETE", "/v1/shipments/[^/]+").stream().filter(SimulatorLedger.Exchange::succeeded)
                    .forEach(e -> cancelled.add(e.path().substring("/v1/shipments/".length())));
            Map<String, Integer> left = new HashMap<>();
            asked.succeededOncePerKey("POST", "/v1/shipments").values().stream()
                    .filter(e -> !cancelled.contains(e.answer().path("shipmentId").asText()))
                    .forEach(e -> left.merge(e.body().path("orderId").asText(), 1, Integer::sum));
            orders.values().forEach(o -> assertThat(left.getOrDefault(o.id(), 0))
                    .as("shipments left at the carrier for %s order %s", o.status(), o.id())
                    .isEqualTo(o.status().equals("CONFIRMED") ? 1 : 0));
        });

        // One notification per order transition: placed, and how it ended (the mail server's inboxes).
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
