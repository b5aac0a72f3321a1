package dev.orderflow.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Test support: what a simulated external system (the payment gateway, the carrier) was asked and
 * what it answered, read from WireMock's request journal — the simulator's side of the books, apart
 * from anything the services record. The stack keeps a journal only when the launcher runs with
 * {@code -Dorderflow.simulators.journal=N} (N requests at most; the build sets it for tests). A
 * request the simulator answered with success counts even when its answer came too late for the
 * caller: as at a real gateway, the authorization is made.
 */
public final class SimulatorLedger {

    /** One request and the simulator's answer (its status and, when it is JSON, its body). */
    public record Exchange(String method, String path, String idempotencyKey, JsonNode body, int status, JsonNode answer) {

        public boolean succeeded() {
            return status >= 200 && status < 300;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param url the simulator's address, e.g. {@link StackConfig#paymentGatewayUrl()} */
    public SimulatorLedger(String url) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * What the simulator was asked and answered until now, read once: a check that looks at more
     * than one kind of request sees them all as of the same moment.
     */
    public record Journal(List<Exchange> all) {

        /** Every request of this method whose path matches, oldest first. */
        public List<Exchange> exchanges(String method, String pathRegex) {
            Predicate<String> path = Pattern.compile(pathRegex).asMatchPredicate();
            return all.stream().filter(e -> e.method().equals(method) && path.test(e.path())).toList();
        }

        /**
         * The successful requests of this method and path, one per idempotency key (a repeated request
         * with the same key is the same operation at the simulated system), in order of their first success.
         */
        public Map<String, Exchange> succeededOncePerKey(String method, String pathRegex) {
            Map<String, Exchange> byKey = new LinkedHashMap<>();
            exchanges(method, pathRegex).stream().filter(Exchange::succeeded).filter(e -> e.idempotencyKey() != null)
                    .forEach(e -> byKey.putIfAbsent(e.idempotencyKey(), e));
            return byKey;
        }
    }

    /**
     * Reads the journal.
     *
     * @throws IllegalStateException if the simulator keeps no journal or its journal may have dropped requests
     */
    public Journal read() {
        JsonNode journal = journal();
        if (journal.path("requestJournalDisabled").asBoolean()) {
            throw new IllegalStateException(url + " keeps no request journal: run with -D" + Simulator.JOURNAL_PROPERTY + "=N");
        }
        int total = journal.path("meta").path("total").asInt();
        if (total >= Simulator.journalEntries()) {
            throw new IllegalStateException(url + "'s journal is full (" + total + " requests): older ones may be gone");
        }
        List<Exchange> exchanges = new ArrayList<>();
        for (JsonNode event : journal.path("requests")) {
            JsonNode request = event.path("request");
            JsonNode response = event.path("response");
            exchanges.add(new Exchange(request.path("method").asText(), URI.create(request.path("url").asText()).getPath(),
                    header(request, "Idempotency-Key"), body(request.path("body").asText()), response.path("status").asInt(),
                    body(response.path("body").asText())));
        }
        return new Journal(exchanges.reversed()); // the journal lists the newest first
    }

    /** {@link Journal#exchanges} of the journal as it is now. */
    public List<Exchange> exchanges(String method, String pathRegex) {
        return read().exchanges(method, pathRegex);
    }

    /** {@link Journal#succeededOncePerKey} of the journal as it is now. */
    public Map<String, Exchange> succeededOncePerKey(String method, String pathRegex) {
        return read().succeededOncePerKey(method, pathRegex);
    }

    private JsonNode journal() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/__admin/requests"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode() + " for its journal");
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String header(JsonNode request, String name) {
        for (Map.Entry<String, JsonNode> header : request.path("headers").properties()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                JsonNode value = header.getValue();
                return value.isArray() ? value.path(0).asText() : value.asText();
            }
        }
        return null;
    }

    private static JsonNode body(String text) {
        try {
            return text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
        } catch (IOException notJson) {
            return JSON.getNodeFactory().textNode(text);
        }
    }
}
