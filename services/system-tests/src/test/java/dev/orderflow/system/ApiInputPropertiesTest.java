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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.stack.LocalStack;
import dev.orderflow.stack.ServiceOptions;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
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
        shop = Shop.open("api-stack", ServiceOptions.onFreePorts(Map.of()));
        stack = shop.stack;
    }

    @AfterContainer
    static void stopEverything() {
        if (shop != null) {
            shop.close();
        }
    }

    @Property
    void anyRequestToAnyOperationIsAnsweredWithoutAServerErrorAndARefusalSaysWhy(@ForAll("calls") Call call)
            throws IOException, InterruptedException {
        String url = stack.serviceUrl(call.endpoint().service())
                + call.endpoint().path().replace("{id}", URLEncoder.encode(call.segment(), StandardCharsets.UTF_8).replace("+", "%20"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
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
        assertAnswered(CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString()));
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
