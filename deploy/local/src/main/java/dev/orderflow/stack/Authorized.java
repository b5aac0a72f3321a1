package dev.orderflow.stack;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * REST Assured requests of a {@code @QuarkusTest} that carry a bearer token of the test JVM's stack
 * (see {@link LocalStackResource}): the stack's tools (operator and finance), or a demo user of the
 * realm. {@code RestAssured.given()} stays anonymous.
 */
public final class Authorized {

    private static final Map<String, Tokens> TOKENS = new ConcurrentHashMap<>();

    private Authorized() {
    }

    /** As the stack's tools: operator and finance. */
    public static RequestSpecification given() {
        return RestAssured.given().header("Authorization", bearer());
    }

    /** The Authorization header's value for the stack's tools, for clients other than REST Assured. */
    public static String bearer() {
        String issuer = SharedTestStack.get().config().oidcUrl();
        return "Bearer " + TOKENS.computeIfAbsent("tools@" + issuer, k -> Tokens.tools(issuer)).get();
    }

    /** As a user of the realm: {@code ada}, {@code grace} (customers), {@code oscar} (operator), {@code fiona} (finance). */
    public static RequestSpecification givenAs(String user) {
        String issuer = SharedTestStack.get().config().oidcUrl();
        return as(TOKENS.computeIfAbsent(user + "@" + issuer, k -> Tokens.user(issuer, user, user)));
    }

    private static RequestSpecification as(Tokens tokens) {
        return RestAssured.given().header("Authorization", "Bearer " + tokens.get());
    }
}
