package dev.orderflow.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What the gateway routes where, and how much each caller may send. */
@ConfigMapping(prefix = "orderflow.gateway")
public interface GatewayConfig {

    /** The public APIs, by the name of the service that serves them. */
    Map<String, Route> routes();

    RateLimit rateLimit();

    /** How long an instance that refused a connection is tried only when every other one refuses too. */
    @WithDefault("5S")
    Duration instanceBackoff();

    /** At most this long for an instance to accept a connection before the next one is tried. */
    @WithDefault("2S")
    Duration connectTimeout();

    interface Route {

        /** The path prefixes the service serves, e.g. {@code /orders} (also {@code /orders/...}). */
        List<String> paths();

        /** The service's instances, spread over in turn. */
        List<URI> instances();
    }

    interface RateLimit extends Allowance {

        /**
         * More generous allowances for callers with a role (the most generous of a caller's roles
         * applies), e.g. {@code orderflow.gateway.rate-limit.roles.operator.per-second=500} for back-office tools.
         */
        Map<String, Allowance> roles();

        /** The callers whose allowance is remembered at once (the least recently seen are forgotten: their next request finds a full bucket). */
        @WithDefault("100000")
        int callers();
    }

    interface Allowance {

        /** Requests a second a caller (a token's subject) may send on average... */
        @WithDefault("50")
        int perSecond();

        /** ...and at once, after a quiet moment. */
        @WithDefault("100")
        int burst();
    }
}
