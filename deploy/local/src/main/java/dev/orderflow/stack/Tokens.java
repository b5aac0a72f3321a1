package dev.orderflow.stack;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Access tokens from the stack's OIDC provider, for the tools that drive the APIs. A source hands
 * out its current token and fetches a new one when less than a minute of it is left, so a benchmark
 * that runs for an hour never sends an expired token.
 */
public final class Tokens implements Supplier<String> {

    private static final Duration RENEW_BEFORE = Duration.ofSeconds(60);

    private final String tokenEndpoint;
    private final Map<String, String> grant;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Clock clock = Clock.systemUTC();
    private String token;
    private Instant renewAt = Instant.MIN;

    private Tokens(String issuer, Map<String, String> grant) {
        this.tokenEndpoint = issuer + "/protocol/openid-connect/token";
        this.grant = Map.copyOf(grant);
    }

    /** The stack's tools (demo, benchmark, system tests): operator and finance, by client credentials. */
    public static Tokens tools(String issuer) {
        return new Tokens(issuer, Map.of("grant_type", "client_credentials", "client_id", IdentityProvider.TOOLS_CLIENT,
                "client_secret", IdentityProvider.TOOLS_SECRET));
    }

    /** A person of the realm (the demo users: their password is their name), by the password grant of the CLI client. */
    public static Tokens user(String issuer, String username, String password) {
        return new Tokens(issuer, Map.of("grant_type", "password", "client_id", IdentityProvider.CLI_CLIENT,
                "username", username, "password", password));
    }

    /** The current token, fetched again when it is about to expire. */
    @Override
    public synchronized String get() {
        if (token == null || !clock.instant().isBefore(renewAt)) {
            JsonNode answer = fetch();
            token = answer.path("access_token").asText();
            renewAt = clock.instant().plusSeconds(Math.max(0, answer.path("expires_in").asLong(60) - RENEW_BEFORE.toSeconds()));
        }
        return token;
    }

    private JsonNode fetch() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(tokenEndpoint))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(grant))).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("no token from " + tokenEndpoint + " (" + grant.get("grant_type") + ", "
                        + grant.getOrDefault("username", grant.get("client_id")) + "): " + response.statusCode() + " "
                        + response.body());
            }
            return JsonHttp.json(response);
        } catch (IOException e) {
            throw new IllegalStateException("no token from " + tokenEndpoint + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A form body (application/x-www-form-urlencoded), in the map's order. */
    static String form(Map<String, String> fields) {
        return new LinkedHashMap<>(fields).entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
