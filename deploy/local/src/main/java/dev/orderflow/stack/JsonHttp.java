package dev.orderflow.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A small JSON-over-HTTP client for driving the services' APIs (the demo, the benchmark, the system
 * tests), sending a bearer token from its source with every request (none: anonymous).
 */
public final class JsonHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Supplier<String> token;

    /** Anonymous: no Authorization header. */
    public JsonHttp() {
        this(() -> null);
    }

    /** As the holder of the tokens this source hands out (e.g. {@link Tokens#tools}). */
    public JsonHttp(Supplier<String> token) {
        this.token = token;
    }

    /**
     * Sends a request with a JSON body (or none) and returns the response.
     *
     * @param idempotencyKey sent as the Idempotency-Key header, or null
     * @param expected       the statuses the caller accepts (any, if none given); others fail with the body
     */
    public HttpResponse<String> send(String method, String url, Object body, String idempotencyKey, int... expected) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (idempotencyKey != null) {
                request.header("Idempotency-Key", idempotencyKey);
            }
            String bearer = token.get();
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (expected.length > 0 && Arrays.stream(expected).noneMatch(s -> s == response.statusCode())) {
                throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public JsonNode get(String url) {
        return json(send("GET", url, null, null, 200));
    }

    public JsonNode post(String url, Object body, int... expected) {
        return json(send("POST", url, body, null, expected));
    }

    public JsonNode put(String url, Object body, int... expected) {
        return json(send("PUT", url, body, null, expected));
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + response.body(), e);
        }
    }
}
