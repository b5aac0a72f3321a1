package dev.orderflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.stack.LocalStack;
import dev.orderflow.stack.ServiceOptions;
import dev.orderflow.stack.Tokens;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile input to every API of every service, generated: bodies of the expected shape with any
 * field replaced by text with control characters or NUL, huge or negative numbers, the wrong JSON
 * type, nesting, or left out; bodies that are cut short or not JSON at all; odd path segments and
 * query parameters. Whatever comes in, a service answers with a 2xx or a 4xx, never a 5xx, and a 4xx
 * always says what is wrong (a {@code detail} or a list of {@code violations}).
 */
@PropertyDefaults(tries = 300, shrinking = ShrinkingMode.BOUNDED)
class ApiInputPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Shop shop;
    private static LocalStack stack;

    /** One operation of an API: its service, method, path ({@code {id}} stands for a path segment) and a well-formed body. */
    record Endpoint(String service, String method, String path, Object body) {
        @Override
        public String toString() {
            return method + " " + service + path;
        }
    }

    record Call(Endpoint endpoint, String segment, String body, String idempotencyKey) {
    }

    private static final Map<String, Object> ADDRESS = ordered("recipient", "Ada Lovelace", "line1", "1 Main St",
            "line2", "Flat 2", "postalCode", "10115", "city", "Berlin", "region", "BE", "country", "DE");

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("catalog", "POST", "/products", ordered("sku", "MUG-1", "name", "Mug", "description", "A mug",
                    "priceMinor", 1250, "currency", "EUR")),
            new Endpoint("catalog", "PUT", "/products/{id}", ordered("name", "Mug", "description", "A mug",
                    "priceMinor", 1250, "currency", "EUR", "active", true)),
            new Endpoint("catalog", "GET", "/products/{id}", null),
            new Endpoint("catalog", "DELETE", "/products/{id}", null),
            new Endpoint("customer", "POST", "/customers", ordered("name", "Ada", "email", "ada@example.com", "tier", "GOLD",
                    "addresses", List.of(ADDRESS), "payment", ordered("method", "CARD", "token", "tok_visa"))),
            new Endpoint("customer", "PUT", "/customers/{id}", ordered("name", "Ada", "email", "ada@example.com",
                    "addresses", List.of(ADDRESS), "payment", ordered("method", "INVOICE"))),
            new Endpoint("customer", "GET", "/customers/{id}", null),
            new Endpoint("customer", "DELETE", "/customers/{id}", null),
            new Endpoint("order", "POST", "/orders", ordered("customerId", "c-1",
                    "lines", List.of(ordered("sku", "MUG-1", "quantity", 2)), "shippingAddress", ADDRESS)),
            new Endpoint("order", "GET", "/orders/{id}", null),
            new Endpoint("order", "POST", "/orders/{id}/cancel", ordered("reason", "changed my mind")),
            new Endpoint("inventory", "GET", "/stock/{id}", null),
            new Endpoint("inventory", "PUT", "/stock/{id}", ordered("available", 10, "reason", "count")),
            new Endpoint("payment", "POST", "/payments/{id}/transfer", ordered("reference", "TRX-1")));

    @BeforeContainer
    static void startEverything() {
        // Small limits for customers, so that the example below reaches them (operators, as the properties call, have none).
        // Two catalog instances behind the gateway, and a rate a test can reach for callers without a generous role.
        shop = Shop.open("api-stack", ServiceOptions.onFreePorts(Map.of("orderflow.order.limits.in-flight", "3",
                "orderflow.order.limits.units-per-order", "50", "orderflow.order.status-streams.per-customer", "2",
                "orderflow.order.status-streams.idle-timeout", "PT5S",
                "orderflow.gateway.rate-limit.per-second", "5", "orderflow.gateway.rate-limit.burst", "10"))
                .withInstances(Map.of("catalog", 2)));
        stack = shop.stack;
    }

    @AfterContainer
    static void stopEverything() {
        if (shop != null) {
            shop.close();
        }
    }

    /** Who may call what: the roles each operation allows (and within them, a customer only what is theirs). */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("POST catalog/products", Set.of("operator")),
            Map.entry("PUT catalog/products/{id}", Set.of("operator")),
            Map.entry("GET catalog/products/{id}", Set.of("customer", "operator", "finance")),
            Map.entry("DELETE catalog/products/{id}", Set.of("operator")),
            Map.entry("POST customer/customers", Set.of("customer", "operator")),
            Map.entry("PUT customer/customers/{id}", Set.of("customer", "operator")),
            Map.entry("GET customer/customers/{id}", Set.of("customer", "operator")),
            Map.entry("DELETE customer/customers/{id}", Set.of("customer", "operator")),
            Map.entry("POST order/orders", Set.of("customer", "operator")),
            Map.entry("GET order/orders/{id}", Set.of("customer", "operator")),
            Map.entry("POST order/orders/{id}/cancel", Set.of("customer", "operator")),
            Map.entry("GET inventory/stock/{id}", Set.of("operator")),
            Map.entry("PUT inventory/stock/{id}", Set.of("operator")),
            Map.entry("POST payment/payments/{id}/transfer", Set.of("finance")));

    @Property
    void anyRequestToAnyOperationIsAnsweredWithoutAServerErrorAndARefusalSaysWhy(@ForAll("calls") Call call)
            throws IOException, InterruptedException {
        String url = stack.serviceUrl(call.endpoint().service())
                + call.endpoint().path().replace("{id}", URLEncoder.encode(call.segment(), StandardCharsets.UTF_8).replace("+", "%20"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + shop.tokens.get());
        if (call.idempotencyKey() != null) {
            request.header("Idempotency-Key", call.idempotencyKey());
        }
        request.method(call.endpoint().method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(call.body(), StandardCharsets.UTF_8));
        assertAnswered(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Property
    void anyPageOfAnyListIsAnsweredWithoutAServerErrorAndARefusalSaysWhy(
            @ForAll("lists") String list, @ForAll("parameter") String page, @ForAll("parameter") String size,
            @ForAll("text") String customerId) throws IOException, InterruptedException {
        String url = list + "?page=" + encode(page) + "&size=" + encode(size) + "&customerId=" + encode(customerId);
        assertAnswered(CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + shop.tokens.get()).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** The realm's demo users, by role. */
    private static final Map<String, String> USER_OF_ROLE = Map.of("customer", "ada", "operator", "oscar", "finance", "fiona");

    @Example
    void everyOperationRefusesACallerWithoutAValidTokenAndSaysWhy() throws IOException, InterruptedException {
        for (Endpoint endpoint : ENDPOINTS) {
            for (String authorization : new String[] {null, "Bearer not-a-token", "Basic b3NjYXI6b3NjYXI="}) {
                HttpResponse<String> answer = send(endpoint, "X-1", authorization);
                assertThat(answer.statusCode()).as("%s with %s: %s", endpoint, authorization, answer.body()).isEqualTo(401);
                assertAnswered(answer);
            }
        }
        for (String list : List.of("/products", "/customers", "/orders")) {
            String service = Map.of("/products", "catalog", "/customers", "customer", "/orders", "order").get(list);
            HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(URI.create(stack.serviceUrl(service) + list)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("GET %s", list).isEqualTo(401);
            assertThat(answer.headers().firstValue("WWW-Authenticate")).as("GET %s", list).hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
        }
        HttpResponse<String> follow = CLIENT.send(HttpRequest.newBuilder(URI.create(stack.serviceUrl("order") + "/orders/X-1/status"))
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(follow.statusCode()).isEqualTo(401);
    }

    @Example
    void everyOperationRefusesTheRolesItDoesNotAllowAndSaysWhy() throws IOException, InterruptedException {
        assertThat(ALLOWED.keySet()).as("every operation says who may call it")
                .containsExactlyInAnyOrderElementsOf(ENDPOINTS.stream().map(Endpoint::toString).toList());
        for (Endpoint endpoint : ENDPOINTS) {
            for (Map.Entry<String, String> role : USER_OF_ROLE.entrySet()) {
                if (ALLOWED.get(endpoint.toString()).contains(role.getKey())) {
                    continue;
                }
                HttpResponse<String> answer = send(endpoint, "X-1", "Bearer " + user(role.getValue()).get());
                assertThat(answer.statusCode()).as("%s as %s: %s", endpoint, role.getKey(), answer.body()).isEqualTo(403);
                assertAnswered(answer);
            }
        }
        assertThat(get("/customers", "customer", "ada").statusCode()).isEqualTo(403);
        assertThat(get("/customers", "customer", "fiona").statusCode()).isEqualTo(403);
        assertThat(get("/orders", "order", "fiona").statusCode()).isEqualTo(403);
        assertThat(get("/orders/X-1/status", "order", "fiona").statusCode()).isEqualTo(403);
        assertThat(get("/products", "catalog", "fiona").statusCode()).isEqualTo(200);
    }

    /** Secrets are read from files and the environment: ps shows no password of any process of the system. */
    @Example
    void noProcessOfTheSystemHasAPasswordOnItsCommandLine() throws IOException {
        for (long pid : stack.pids()) {
            java.nio.file.Path cmdline = java.nio.file.Path.of("/proc", Long.toString(pid), "cmdline");
            if (java.nio.file.Files.isReadable(cmdline)) {
                String command = new String(java.nio.file.Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ');
                assertThat(command.toLowerCase(java.util.Locale.ROOT)).as("pid %d", pid).doesNotContain("password=")
                        .doesNotContain("secret=");
            }
        }
    }

    /**
     * Two customers who registered themselves: each sees, follows and cancels only their own orders
     * and profile (another's answers 404, as an unknown id would), names no one else on an order or a
     * list (403), cannot raise their own tier; and a customer who closed their account orders nothing more.
     */
    @Example
    void aCustomerActsOnlyOnWhatIsTheirs() throws IOException, InterruptedException {
        String ada = register("ada");
        String grace = register("grace");
        assertThat(send("POST", "customer", "/customers", profile("Ada again", null), "ada").statusCode()).isEqualTo(409);
        String sku = shop.product(1_000, 100);

        // Grace orders for herself without naming herself; her order is hers.
        // (The order service learns of a new customer and product from their streams, within moments.)
        HttpResponse<String> placed = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> placeAs("grace", Map.of("lines", List.of(Map.of("sku", sku, "quantity", 1)))), r -> r.statusCode() != 422);
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        JsonNode order = JSON.readTree(placed.body());
        String id = order.path("id").asText();
        assertThat(order.path("customer").path("customerId").asText()).isEqualTo(grace);

        assertThat(get("/orders/" + id, "order", "grace").statusCode()).isEqualTo(200);
        assertThat(get("/orders/" + id, "order", "oscar").statusCode()).isEqualTo(200);
        for (HttpResponse<String> probe : List.of(get("/orders/" + id, "order", "ada"),
                send("POST", "order", "/orders/" + id + "/cancel", Map.of("reason", "not mine"), "ada"),
                get("/orders/" + id + "/status", "order", "ada"),
                get("/customers/" + grace, "customer", "ada"),
                send("PUT", "customer", "/customers/" + grace, profile("Mallory", null), "ada"),
                send("DELETE", "customer", "/customers/" + grace, null, "ada"))) {
            assertThat(probe.statusCode()).as("%s %s: %s", probe.request().method(), probe.request().uri(), probe.body())
                    .isEqualTo(404);
            assertAnswered(probe);
        }
        assertThat(get("/orders/" + id, "order", "grace").statusCode()).as("ada's cancel changed nothing").isEqualTo(200);
        assertThat(JSON.readTree(get("/orders/" + id, "order", "grace").body()).path("status").asText()).isNotEqualTo("CANCELLED");

        HttpResponse<String> forGrace = placeAs("ada", Map.of("customerId", grace, "lines", List.of(Map.of("sku", sku, "quantity", 1))));
        assertThat(forGrace.statusCode()).as(forGrace.body()).isEqualTo(403);
        assertAnswered(forGrace);
        assertThat(get("/orders?customerId=" + grace, "order", "ada").statusCode()).isEqualTo(403);
        JsonNode adasOrders = JSON.readTree(get("/orders", "order", "ada").body());
        assertThat(adasOrders.path("items")).noneMatch(o -> o.path("customer").path("customerId").asText().equals(grace));
        // README's way to a token: deploy/local/token (one curl to Keycloak).
        HttpResponse<String> withScriptToken = CLIENT.send(HttpRequest.newBuilder(URI.create(stack.serviceUrl("order") + "/orders"))
                .header("Authorization", "Bearer " + tokenFromScript("grace")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withScriptToken.statusCode()).as(withScriptToken.body()).isEqualTo(200);
        assertThat(JSON.readTree(withScriptToken.body()).path("total").asLong()).isEqualTo(1);
        JsonNode gracesOrders = JSON.readTree(get("/orders", "order", "grace").body());
        assertThat(gracesOrders.path("total").asLong()).isEqualTo(1);

        HttpResponse<String> gold = send("PUT", "customer", "/customers/" + ada, profile("Ada Lovelace", "GOLD"), "ada");
        assertThat(gold.statusCode()).as(gold.body()).isEqualTo(403);
        assertAnswered(gold);
        assertThat(send("PUT", "customer", "/customers/" + ada, profile("Ada Lovelace", null), "ada").statusCode()).isEqualTo(200);
        assertThat(send("PUT", "customer", "/customers/" + ada, profile("Ada Lovelace", "GOLD"), "oscar").statusCode()).isEqualTo(200);

        HttpResponse<String> unnamed = send("POST", "order", "/orders", Map.of("lines", List.of(Map.of("sku", sku, "quantity", 1))), "oscar");
        assertThat(unnamed.statusCode()).as(unnamed.body()).isEqualTo(400);
        assertThat(unnamed.body()).contains("customerId is required when an operator acts for a customer");

        // Grace cancels her own order, then closes her account: her token, still valid, places nothing more.
        assertThat(send("POST", "order", "/orders/" + id + "/cancel", Map.of("reason", "changed my mind"), "grace").statusCode())
                .isEqualTo(200);
        assertThat(send("DELETE", "customer", "/customers/" + grace, null, "grace").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> placeAs("grace", Map.of("lines", List.of(Map.of("sku", sku, "quantity", 1)))),
                        r -> r.statusCode() != 201);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("closed");
    }

    /**
     * The gateway is the one address: each API is reached through it with the caller's token, bodies and
     * live streams pass unchanged, and nothing without a valid token gets past it (it answers 401 itself,
     * with the reason); paths it does not route are 404.
     */
    @Example
    void theGatewayPassesOnlyAuthenticatedCallsToTheApis() throws Exception {
        String api = stack.gatewayUrl();
        for (String list : List.of("/products", "/customers")) {
            HttpResponse<String> answer = via(api, "GET", list, null, "oscar");
            assertThat(answer.statusCode()).as("GET %s: %s", list, answer.body()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo(get(list, list.equals("/products") ? "catalog" : "customer", "oscar").body());
        }
        assertThat(via(api, "GET", "/orders", null, "ada").body()).as("a customer's own orders")
                .isEqualTo(get("/orders", "order", "ada").body());
        for (Endpoint endpoint : ENDPOINTS) {
            for (String authorization : new String[] {null, "Bearer not-a-token", "Basic b3NjYXI6b3NjYXI=", "Bearer "}) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + endpoint.path().replace("{id}", "X-1")))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .method(endpoint.method(), endpoint.body() == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(write(endpoint.body()), StandardCharsets.UTF_8));
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                HttpResponse<String> answer = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as("%s with %s: %s", endpoint, authorization, answer.body()).isEqualTo(401);
                assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
                assertThat(JSON.readTree(answer.body()).path("detail").asText()).isNotBlank();
            }
        }
        for (String unrouted : List.of("/ordersX", "/shipments", "/")) {
            assertThat(via(api, "GET", unrouted, null, "oscar").statusCode()).as(unrouted).isEqualTo(404);
        }
        assertThat(CLIENT.send(HttpRequest.newBuilder(URI.create(api + "/q/health/ready")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        // A body goes through as it came, and so does what the service answers.
        String sku = "GW-" + java.util.UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        HttpResponse<String> created = via(api, "POST", "/products", Map.of("sku", sku, "name", "Lamp \u00e9 \"through\" the gateway",
                "priceMinor", 4_321, "currency", "EUR"), "oscar");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode product = JSON.readTree(via(api, "GET", "/products/" + sku, null, "oscar").body());
        assertThat(product.path("name").asText()).isEqualTo("Lamp \u00e9 \"through\" the gateway");
        assertThat(via(api, "PUT", "/stock/" + sku, Map.of("available", 7, "reason", "via the gateway"), "oscar").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = via(api, "PUT", "/stock/" + sku, Map.of("available", 7, "reason", "mine now"), "fiona");
        assertThat(refused.statusCode()).as("the service still decides what a role may do: %s", refused.body()).isEqualTo(403);

        // A live status stream through the gateway: its first event arrives while the stream stays open.
        Shop.Customer customer = shop.customer("tok_visa", "10115", "STANDARD");
        String orderId = shop.place(customer, Map.of(shop.product(1_000, 10), 1));
        HttpClient sse = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<java.util.stream.Stream<String>> stream = sse.send(HttpRequest.newBuilder(URI.create(api + "/orders/" + orderId + "/status"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + user("oscar").get()).GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        String first = java.util.concurrent.CompletableFuture.supplyAsync(() -> stream.body().filter(l -> l.startsWith("data:"))
                .findFirst().orElseThrow()).get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(first).contains(orderId);
        stream.body().close();
    }

    /**
     * The gateway holds each caller to a rate (here 5 a second, bursts of 10; operators 1,000) with 429
     * and Retry-After, one caller's burst costing another nothing; it spreads requests over a service's
     * instances, and when one of them crashes, requests go to the others without an error.
     */
    @Example
    void theGatewayLimitsEachCallerAndSpreadsOverInstancesThatMayCrash() throws Exception {
        String api = stack.gatewayUrl();
        String sku = shop.product(1_000, 1);
        List<HttpResponse<String>> fionas = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            fionas.add(via(api, "GET", "/products/" + sku, null, "fiona"));
        }
        List<Integer> statuses = fionas.stream().map(HttpResponse::statusCode).toList();
        assertThat(statuses).containsOnly(200, 429);
        assertThat(statuses.stream().filter(s -> s == 429).count()).as("%s", statuses).isGreaterThanOrEqualTo(10);
        HttpResponse<String> limited = fionas.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(JSON.readTree(limited.body()).path("detail").asText()).isEqualTo("at most 5 requests a second (bursts of 10) for one caller");

        List<String> catalogs = stack.instanceUrls("catalog");
        assertThat(catalogs).hasSize(2);
        List<Long> before = new ArrayList<>();
        for (String instance : catalogs) {
            before.add(productReads(instance));
        }
        for (int i = 0; i < 40; i++) {
            assertThat(via(api, "GET", "/products/" + sku, null, "oscar").statusCode()).as("operators: 1,000 a second").isEqualTo(200);
        }
        for (int i = 0; i < catalogs.size(); i++) {
            assertThat(productReads(catalogs.get(i)) - before.get(i)).as("reads served by %s", catalogs.get(i)).isBetween(10L, 30L);
        }
        Thread.sleep(1_200);
        assertThat(via(api, "GET", "/products/" + sku, null, "fiona").statusCode()).as("a second later").isEqualTo(200);

        stack.killService("catalog-2");
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> read = via(api, "GET", "/products/" + sku, null, "oscar");
            assertThat(read.statusCode()).as("with catalog-2 dead: %s", read.body()).isEqualTo(200);
        }
    }

    /** How many product reads an instance served (its Prometheus metrics). */
    private static long productReads(String instance) throws IOException, InterruptedException {
        String metrics = CLIENT.send(HttpRequest.newBuilder(URI.create(instance + "/q/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith("http_server_requests_seconds_count") && l.contains("method=\"GET\"")
                        && l.contains("uri=\"/products/{sku}\"") && l.contains("status=\"200\""))
                // the value follows the labels; an exemplar ("# {span_id=…} 1.0 <timestamp>") may follow it
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.indexOf("} ") + 2).split(" ")[0])).sum();
    }

    /** A user's request, with an Idempotency-Key, to an address: a service's own or the gateway's. */
    private static HttpResponse<String> via(String api, String method, String path, Object body, String user)
            throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + user(user).get())
                .header("Idempotency-Key", java.util.UUID.randomUUID().toString())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What {@code deploy/local/token USER} prints for this stack. */
    private static String tokenFromScript(String user) throws IOException, InterruptedException {
        java.nio.file.Path script = java.nio.file.Path.of(System.getProperty("orderflow.repo", "../..")).resolve("deploy/local/token");
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), user);
        builder.environment().put("ORDERFLOW_STACK_DIR", stack.config().runDir().toString());
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process = builder.start();
        String token = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor()).as("deploy/local/token %s", user).isZero();
        return token;
    }

    /**
     * Ivy pays by invoice, so her orders wait for her transfer and stay under way: with three under
     * way a fourth is refused until one ends; an order of more units than one may ask for is refused;
     * two live status streams at once, a third only when one closes; a stream without a change ends.
     */
    @Example
    void aCustomerIsHeldToTheirLimitsOnOrdersAndStreams() throws Exception {
        Map<String, Object> profile = profile("Ivy", null);
        profile.put("payment", ordered("method", "INVOICE"));
        HttpResponse<String> registered = send("POST", "customer", "/customers", profile, "ivy");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String sku = shop.product(1_000, 1_000);
        Map<String, Object> oneUnit = Map.of("lines", List.of(Map.of("sku", sku, "quantity", 1)));

        List<String> underWay = new ArrayList<>();
        underWay.add(JSON.readTree(org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> placeAs("ivy", oneUnit), r -> r.statusCode() != 422).body()).path("id").asText());
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> placed = placeAs("ivy", oneUnit);
            assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
            underWay.add(JSON.readTree(placed.body()).path("id").asText());
        }
        HttpResponse<String> fourth = placeAs("ivy", oneUnit);
        assertThat(fourth.statusCode()).as(fourth.body()).isEqualTo(429);
        assertThat(JSON.readTree(fourth.body()).path("detail").asText()).startsWith("at most 3 orders may be under way at once");
        HttpResponse<String> hoarding = placeAs("ivy", Map.of("lines", List.of(Map.of("sku", sku, "quantity", 30),
                Map.of("sku", sku, "quantity", 21))));
        assertThat(hoarding.statusCode()).as(hoarding.body()).isEqualTo(429);
        assertThat(JSON.readTree(hoarding.body()).path("detail").asText()).isEqualTo("an order asks for at most 50 units, this one for 51");
        HttpResponse<String> forIvy = send("POST", "order", "/orders", Map.of("customerId", JSON.readTree(registered.body()).path("id").asText(),
                "lines", List.of(Map.of("sku", sku, "quantity", 1))), "oscar");
        assertThat(forIvy.statusCode()).as("an operator is not limited: %s", forIvy.body()).isEqualTo(201);

        assertThat(send("POST", "order", "/orders/" + underWay.removeFirst() + "/cancel", Map.of("reason", "one less"), "ivy")
                .statusCode()).isEqualTo(200);
        HttpResponse<String> again = placeAs("ivy", oneUnit);
        assertThat(again.statusCode()).as("%s (the order the operator placed for her is under way too)", again.body()).isEqualTo(429);
        assertThat(send("POST", "order", "/orders/" + JSON.readTree(forIvy.body()).path("id").asText() + "/cancel",
                Map.of("reason", "not needed"), "ivy").statusCode()).isEqualTo(200);
        HttpResponse<String> afterCancelling = placeAs("ivy", oneUnit);
        assertThat(afterCancelling.statusCode()).as(afterCancelling.body()).isEqualTo(201);

        HttpClient sse = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<HttpResponse<java.util.stream.Stream<String>>> open = new ArrayList<>();
        for (String id : underWay) {
            HttpResponse<java.util.stream.Stream<String>> stream = follow(sse, id, "ivy");
            assertThat(stream.statusCode()).isEqualTo(200);
            open.add(stream);
        }
        HttpResponse<java.util.stream.Stream<String>> third = follow(sse, underWay.getFirst(), "ivy");
        assertThat(third.statusCode()).isEqualTo(429);
        third.body().close();
        assertThat(follow(sse, underWay.getFirst(), "oscar").statusCode()).as("operators are not limited").isEqualTo(200);
        open.removeFirst().body().close();
        HttpResponse<java.util.stream.Stream<String>> freed = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> follow(sse, underWay.getFirst(), "ivy"), r -> {
                    if (r.statusCode() != 200) {
                        r.body().close();
                    }
                    return r.statusCode() == 200;
                });
        // No change for the idle timeout (5 s here): the stream ends by itself, after the status it began with.
        long t0 = System.nanoTime();
        List<String> events = java.util.concurrent.CompletableFuture.supplyAsync(() -> freed.body().filter(l -> l.startsWith("data:")).toList())
                .get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(events).isNotEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        open.forEach(r -> r.body().close());
    }

    private static HttpResponse<java.util.stream.Stream<String>> follow(HttpClient sse, String orderId, String user)
            throws IOException, InterruptedException {
        return sse.send(HttpRequest.newBuilder(URI.create(stack.serviceUrl("order") + "/orders/" + orderId + "/status"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + user(user).get()).GET().build(),
                HttpResponse.BodyHandlers.ofLines());
    }

    private static final Map<String, Tokens> USERS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Tokens user(String name) {
        return USERS.computeIfAbsent(name, n -> Tokens.user(stack.config().oidcUrl(), n, n));
    }

    /** The user registers themselves as a customer; their customer id is their subject. */
    private static String register(String name) throws IOException, InterruptedException {
        HttpResponse<String> created = send("POST", "customer", "/customers", profile(name, null), name);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode customer = JSON.readTree(created.body());
        assertThat(customer.path("tier").asText()).isEqualTo("STANDARD");
        return customer.path("id").asText();
    }

    private static Map<String, Object> profile(String name, String tier) {
        Map<String, Object> profile = ordered("name", name, "email", name.replace(' ', '.').toLowerCase() + "@example.com",
                "addresses", List.of(ADDRESS), "payment", ordered("method", "CARD", "token", "tok_visa"));
        if (tier != null) {
            profile.put("tier", tier);
        }
        return profile;
    }

    private static HttpResponse<String> placeAs(String user, Map<String, Object> body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.serviceUrl("order") + "/orders")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Idempotency-Key", java.util.UUID.randomUUID().toString())
                .header("Authorization", "Bearer " + user(user).get())
                .POST(HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8)).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String service, String user) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(stack.serviceUrl(service) + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + user(user).get()).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String method, String service, String path, Object body, String user)
            throws IOException, InterruptedException {
        return via(stack.serviceUrl(service), method, path, body, user);
    }

    /** A well-formed request to the operation, with this Authorization header (none if null). */
    private static HttpResponse<String> send(Endpoint endpoint, String segment, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(endpoint, segment))).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Idempotency-Key", java.util.UUID.randomUUID().toString())
                .method(endpoint.method(), endpoint.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(write(endpoint.body()), StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String url(Endpoint endpoint, String segment) {
        return stack.serviceUrl(endpoint.service()) + endpoint.path().replace("{id}", segment);
    }

    private static void assertAnswered(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as("%s %s answered %s", response.request().method(), response.request().uri(),
                response.body()).isLessThan(500);
        // 414 and 431 come from the HTTP codec, before any application code (a request line over 4,096 bytes,
        // headers over Quarkus' limit): Vert.x sends them without a body, and their status is the whole reason.
        if (response.statusCode() >= 400 && response.statusCode() != 414 && response.statusCode() != 431) {
            JsonNode problem = JSON.readTree(response.body());
            String why = problem.path("detail").asText("");
            JsonNode violations = problem.path("violations");
            assertThat(why.isBlank() && (violations.isEmpty() || violations.path(0).path("message").asText("").isBlank()))
                    .as("%s %s answered %d without a reason: %s", response.request().method(), response.request().uri(),
                            response.statusCode(), response.body())
                    .isFalse();
        }
    }

    @Provide
    Arbitrary<Call> calls() {
        return Arbitraries.of(ENDPOINTS).flatMap(endpoint -> Combinators.combine(
                segment(), endpoint.body() == null ? Arbitraries.<String>just(null) : body(endpoint.body()),
                Arbitraries.<String>frequencyOf(
                        weighted(8, Arbitraries.strings().ofMinLength(1).ofMaxLength(40).alpha().numeric().withChars('-')),
                        weighted(1, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(400))).injectNull(0.1))
                .as((segment, body, key) -> new Call(endpoint, segment, body, key)));
    }

    @Provide
    Arbitrary<String> lists() {
        return Arbitraries.of("catalog", "customer", "order").map(service -> stack.serviceUrl(service)
                + Map.of("catalog", "/products", "customer", "/customers", "order", "/orders").get(service));
    }

    @Provide
    Arbitrary<String> parameter() {
        return Arbitraries.oneOf(Arbitraries.integers().map(String::valueOf), Arbitraries.longs().map(String::valueOf),
                Arbitraries.of("0", "-1", "1", "200", "201", "1000000", "1000001", "2147483647", "10737419", "", "1e3", "0x10", "NaN"),
                text());
    }

    /** A path segment: mostly plausible identifiers, then anything. */
    private Arbitrary<String> segment() {
        return Arbitraries.frequencyOf(
                weighted(3, Arbitraries.strings().withCharRange('A', 'Z').numeric().withChars('-').ofMinLength(1).ofMaxLength(70)),
                weighted(1, Arbitraries.of("MUG-1", "c-1", "00000000-0000-0000-0000-000000000000", ".", "..")),
                weighted(2, text().filter(s -> !s.isEmpty())));
    }

    /** The body, well-formed but for what is changed; or cut short; or something else entirely. */
    private Arbitrary<String> body(Object template) {
        Arbitrary<String> mutated = mutated(template).map(ApiInputPropertiesTest::write);
        return Arbitraries.frequencyOf(
                weighted(6, mutated),
                weighted(1, Combinators.combine(mutated, Arbitraries.doubles().between(0, 1))
                        .as((json, cut) -> json.substring(0, (int) (json.length() * cut)))),
                weighted(1, Arbitraries.oneOf(text(), Arbitraries.of("", "null", "[]", "{}", "0", "\"x\"", "{\"a\":", "[{}]",
                        "{\"lines\":[null]}", "\u0000", "{}}", "{\"customerId\":\"c-1\",\"customerId\":7}"))));
    }

    /** The template with each field kept, replaced by a hostile value, or left out, recursively; sometimes with more fields. */
    private Arbitrary<Object> mutated(Object template) {
        if (template instanceof Map<?, ?> fields) {
            List<Arbitrary<Map.Entry<String, Object>>> entries = new ArrayList<>();
            fields.forEach((name, value) -> entries.add(Arbitraries.frequencyOf(
                    weighted(5, mutated(value)), weighted(3, hostile()), weighted(1, Arbitraries.just(Absent.FIELD)))
                    .map(v -> field((String) name, v))));
            entries.add(Arbitraries.frequencyOf(weighted(9, Arbitraries.just(field("", Absent.FIELD))),
                    weighted(1, Combinators.combine(text(), hostile()).as(ApiInputPropertiesTest::field))));
            return Combinators.combine(entries).as(list -> {
                Map<String, Object> object = new LinkedHashMap<>();
                list.stream().filter(e -> e.getValue() != Absent.FIELD).forEach(e -> object.put(e.getKey(), e.getValue()));
                return object;
            });
        }
        if (template instanceof List<?> items) {
            Arbitrary<Object> item = mutated(items.getFirst());
            return Arbitraries.frequencyOf(weighted(6, item.list().ofMinSize(1).ofMaxSize(3)), weighted(1, item.list().ofSize(0)),
                    weighted(1, item.list().ofMinSize(99).ofMaxSize(120)), weighted(1, hostile().list().ofMaxSize(3)))
                    .map(list -> (Object) list);
        }
        return Arbitraries.just(template);
    }

    /** Any JSON value a careless or hostile client might send in place of another. */
    private Arbitrary<Object> hostile() {
        return Arbitraries.frequencyOf(
                weighted(4, text().map(s -> (Object) s)),
                weighted(2, Arbitraries.longs().map(n -> (Object) n)),
                weighted(2, Arbitraries.of(0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE,
                        10_001, 2_147_483_648L, 0.5, -0.0, 1e308, new BigInteger("9".repeat(300)), new BigDecimal("1e-400"))
                        .map(n -> (Object) n)),
                weighted(1, Arbitraries.of(true, false).map(b -> (Object) b)),
                weighted(1, Arbitraries.<Object>just(null)),
                weighted(1, Arbitraries.of(List.of(), Map.of(), List.of(List.of(List.of())), Map.of("a", Map.of("b", List.of())))
                        .map(v -> (Object) v)));
    }

    /** Text as clients really send it, and text no client should: control characters and NUL, long runs, markup. */
    @Provide
    Arbitrary<String> text() {
        return Arbitraries.frequencyOf(
                weighted(4, Arbitraries.strings().withCharRange('\u0000', '\u007f').ofMaxLength(80)),
                weighted(2, Arbitraries.strings().withCharRange('\u0080', '\uD7FF').withCharRange('\uE000', '\uFFFF').ofMaxLength(40)),
                weighted(1, Arbitraries.strings().withChars('\u0000', '\n', '\t', '\u202E', '\uFEFF', 'a').ofMinLength(1).ofMaxLength(10)),
                weighted(1, Arbitraries.of("", " ", "\u0000", "%00", "null", "../../etc/passwd", "' OR '1'='1", "${jndi:ldap://127.0.0.1/x}",
                        "<script>alert(1)</script>", "\uD83D\uDE00", "x".repeat(5_000), "ß".repeat(201), "A".repeat(65))));
    }

    private enum Absent { FIELD }

    private static <T> Tuple.Tuple2<Integer, Arbitrary<? extends T>> weighted(int weight, Arbitrary<? extends T> arbitrary) {
        return Tuple.of(weight, arbitrary);
    }

    private static Map.Entry<String, Object> field(String name, Object value) {
        return new AbstractMap.SimpleEntry<>(name, value);
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
