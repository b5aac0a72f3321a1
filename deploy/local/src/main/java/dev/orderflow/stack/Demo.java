package dev.orderflow.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The demo that {@code stack run} plays on the running system, through the gateway (the one address clients call) only:
 * seeds a catalog, stock and customers, places orders designed to end in each terminal status
 * (one of them cancelled by its customer, one paid by invoice and never paid), follows them live
 * until all are terminal, imports a small file of orders, and tells whether each ended as designed.
 */
final class Demo {

    /** The reservation time to live the demo runs the inventory with, so that the unpaid order expires soon. */
    static final Map<String, String> SERVICE_PROPERTIES = Map.of(
            "inventory.reservation.ttl", "PT20S",
            "inventory.reservation.expiry-check", "2s");

    private static final Duration PLACE_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration FOLLOW_TIMEOUT = Duration.ofSeconds(120);

    /** A demo order and the terminal status it is designed to reach. */
    record Planned(String label, String customer, Map<String, Integer> lines, String expected, boolean cancel) {
    }

    /** How a demo order ended. */
    record Outcome(Planned planned, String orderId, String status, String detail) {
        boolean asDesigned() {
            return planned.expected().equals(status);
        }
    }

    private final LocalStack stack;
    private final PrintStream out;
    private final JsonHttp http;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    Demo(LocalStack stack, PrintStream out) {
        this.stack = stack;
        this.http = new JsonHttp(stack.toolTokens());
        this.out = out;
    }

    /** Plays the demo; returns how every order ended. */
    List<Outcome> play() {
        long t0 = System.nanoTime();
        seedCatalogAndStock();
        Map<String, String> customers = seedCustomers();
        List<Planned> plan = List.of(
                new Planned("happy path", "ada", Map.of("LAMP-1", 2, "MUG-1", 1), "CONFIRMED", false),
                new Planned("out of stock", "ada", Map.of("CHAIR-1", 5), "REJECTED", false),
                new Planned("card declined", "bob", Map.of("MUG-1", 1), "REJECTED", false),
                new Planned("gateway down", "cy", Map.of("MUG-1", 1), "REJECTED", false),
                new Planned("carrier refuses", "dee", Map.of("LAMP-1", 1), "FAILED", false),
                new Planned("customer cancels", "eve", Map.of("LAMP-1", 1), "CANCELLED", true),
                new Planned("never paid", "fay", Map.of("MUG-1", 2), "EXPIRED", false));
        Map<String, Planned> placed = new LinkedHashMap<>();
        for (Planned p : plan) {
            String id = place(customers.get(p.customer()), p.lines());
            placed.put(id, p);
            out.printf(Locale.ROOT, "  placed %-36s %-17s (%s, expect %s)%n", id, p.label(), p.customer(), p.expected());
            if (p.cancel()) {
                http.post(stack.gatewayUrl() + "/orders/" + id + "/cancel", Map.of("reason", "changed my mind"), 200);
            }
        }
        out.printf(Locale.ROOT, "following %d orders (the unpaid one expires after %s) ...%n", placed.size(),
                SERVICE_PROPERTIES.get("inventory.reservation.ttl").substring(2).toLowerCase(Locale.ROOT));
        List<Outcome> outcomes = new ArrayList<>(follow(placed, t0));
        outcomes.add(importSmallFile(customers.get("ada")));
        out.printf(Locale.ROOT, "%n  %-17s %-10s %-10s %s%n", "order", "expected", "ended", "");
        for (Outcome o : outcomes) {
            out.printf(Locale.ROOT, "  %-17s %-10s %-10s %s%s%n", o.planned().label(), o.planned().expected(), o.status(),
                    o.asDesigned() ? "ok" : "NOT AS DESIGNED", o.detail() == null ? "" : "  (" + o.detail() + ")");
        }
        out.printf(Locale.ROOT, "demo done in %.1f s: %d of %d orders ended as designed%n",
                (System.nanoTime() - t0) / 1e9, outcomes.stream().filter(Outcome::asDesigned).count(), outcomes.size());
        return outcomes;
    }

    private void seedCatalogAndStock() {
        String api = stack.gatewayUrl();
        Object[][] products = {{"LAMP-1", "Desk lamp", 2599, 50}, {"MUG-1", "Mug", 1250, 100}, {"CHAIR-1", "Armchair", 14900, 1}};
        for (Object[] p : products) {
            // 409: the product exists from an earlier run.
            http.post(api + "/products", Map.of("sku", p[0], "name", p[1], "priceMinor", p[2], "currency", "EUR"), 201, 409);
            http.put(api + "/stock/" + p[0], Map.of("available", p[3], "reason", "demo stock"), 200);
        }
        out.println("  seeded 3 products and their stock (the armchair: 1 unit)");
    }

    private Map<String, String> seedCustomers() {
        String url = stack.gatewayUrl() + "/customers";
        Map<String, String> ids = new LinkedHashMap<>();
        Object[][] people = {
                {"ada", "Ada Lovelace", "GOLD", "CARD", "tok_visa_demo", "10115"},
                {"bob", "Bob Babbage", "STANDARD", "CARD", "tok_decline_demo", "10117"},
                {"cy", "Cy Hopper", "SILVER", "CARD", "tok_unavailable_demo", "20095"},
                {"dee", "Dee Noether", "STANDARD", "CARD", "tok_visa_demo", "00000"},
                {"eve", "Eve Turing", "STANDARD", "WALLET", "tok_slow_demo", "80331"},
                {"fay", "Fay Germain", "STANDARD", "INVOICE", null, "50667"}};
        for (Object[] c : people) {
            Map<String, Object> payment = new LinkedHashMap<>();
            payment.put("method", c[3]);
            if (c[4] != null) {
                payment.put("token", c[4]);
            }
            Map<String, Object> body = Map.of("name", c[1], "email", c[0] + "." + run + "@demo.orderflow.example", "tier", c[2],
                    "addresses", List.of(Map.of("recipient", c[1], "line1", "1 Demo Street", "postalCode", c[5],
                            "city", "Demo City", "country", "DE")),
                    "payment", payment);
            ids.put((String) c[0], http.post(url, body, 201).path("id").asText());
        }
        out.println("  seeded 6 customers (card, declined card, failing gateway, unserved address, slow wallet, invoice)");
        return ids;
    }

    /**
     * Imports a small file as an operator would (deploy/local/import): ten orders of Ada's, a line for a
     * customer nobody knows and one asking for no mugs at all, followed until every placed order has ended.
     */
    private Outcome importSmallFile(String ada) {
        Planned planned = new Planned("import (12 lines)", "ada", Map.of("MUG-1", 10), "COMPLETED", false);
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            lines.append(String.format(Locale.ROOT, "{\"externalId\":\"demo-%s-%02d\",\"customerId\":\"%s\","
                    + "\"lines\":[{\"sku\":\"MUG-1\",\"quantity\":1}]}%n", run, i, ada));
        }
        lines.append("{\"externalId\":\"demo-" + run + "-11\",\"customerId\":\"nobody\",\"lines\":[{\"sku\":\"MUG-1\",\"quantity\":1}]}\n");
        lines.append("{\"externalId\":\"demo-" + run + "-12\",\"customerId\":\"" + ada + "\",\"lines\":[{\"sku\":\"MUG-1\",\"quantity\":0}]}\n");
        Path file = stack.config().runDir().resolve("demo-import-" + run + ".jsonl");
        try {
            Files.writeString(file, lines);
            out.printf(Locale.ROOT, "%nimporting a file of 12 orders (two of them wrong) as deploy/local/import does ...%n");
            JsonNode done = new Importer(stack.gatewayUrl(), stack.toolTokens(), out).importFile(file, "jsonl", 1 << 20, true);
            boolean asPlanned = done.path("status").asText().equals("COMPLETED") && done.path("placed").asLong() == 10
                    && done.path("refused").asLong() == 2;
            return new Outcome(planned, done.path("id").asText(), asPlanned ? "COMPLETED" : done.path("status").asText(),
                    done.path("placed").asLong() + " placed, " + done.path("refused").asLong() + " refused");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Places an order, waiting while the order service's replicas have not seen the new customer or products yet. */
    private String place(String customerId, Map<String, Integer> lines) {
        Map<String, Object> body = Map.of("customerId", customerId, "lines",
                lines.entrySet().stream().map(e -> Map.of("sku", e.getKey(), "quantity", e.getValue())).toList());
        String key = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + PLACE_TIMEOUT.toNanos();
        while (true) {
            HttpResponse<String> response = http.send("POST", stack.gatewayUrl() + "/orders", body, key);
            if (response.statusCode() == 201 || response.statusCode() == 200) {
                return JsonHttp.json(response).path("id").asText();
            }
            if (response.statusCode() != 422 || System.nanoTime() > deadline) {
                throw new IllegalStateException("placing a demo order failed: " + response.statusCode() + " " + response.body());
            }
            Readiness.pause(300); // the replicas catch up within moments
        }
    }

    private List<Outcome> follow(Map<String, Planned> placed, long t0) {
        Map<String, String> last = new LinkedHashMap<>();
        Map<String, JsonNode> views = new LinkedHashMap<>();
        long deadline = System.nanoTime() + FOLLOW_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean allTerminal = true;
            for (Map.Entry<String, Planned> e : placed.entrySet()) {
                JsonNode view = http.get(stack.gatewayUrl() + "/orders/" + e.getKey());
                views.put(e.getKey(), view);
                String status = view.path("status").asText();
                if (!status.equals(last.get(e.getKey()))) {
                    last.put(e.getKey(), status);
                    out.printf(Locale.ROOT, "  %6.1f s  %-17s %-10s %s%n", (System.nanoTime() - t0) / 1e9, e.getValue().label(),
                            status, view.path("statusDetail").isNull() ? "" : view.path("statusDetail").asText());
                }
                allTerminal &= view.path("terminal").asBoolean();
            }
            if (allTerminal) {
                break;
            }
            Readiness.pause(250);
        }
        List<Outcome> outcomes = new ArrayList<>();
        placed.forEach((id, p) -> {
            JsonNode v = views.get(id);
            outcomes.add(new Outcome(p, id, v.path("terminal").asBoolean() ? v.path("status").asText() : "(not terminal)",
                    v.path("statusDetail").isNull() ? null : v.path("statusDetail").asText()));
        });
        return outcomes;
    }

}
