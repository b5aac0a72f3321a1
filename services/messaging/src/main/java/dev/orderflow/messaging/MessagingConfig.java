package dev.orderflow.messaging;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the messaging library ({@code orderflow.messaging.*}). */
@ConfigMapping(prefix = "orderflow.messaging")
public interface MessagingConfig {

    /** This service's name: the CloudEvents source (/orderflow/&lt;service&gt;) and its inbox's consumer name prefix. */
    String service();

    /** The Apicurio Registry the relay encodes with. */
    @WithDefault("${mp.messaging.connector.smallrye-kafka.apicurio.registry.url}")
    String registryUrl();

    Relay relay();

    Retention retention();

    Calls calls();

    Inbox inbox();

    interface Inbox {
        /**
         * How long one attempt at a batch's transaction may take before it is abandoned and retried
         * (a lost continuation or a lock that is never granted would otherwise hold the partition for ever).
         */
        @WithDefault("30s")
        Duration transactionTimeout();
    }

    interface Calls {
        /** How often the runner looks for due external calls. */
        @WithDefault("200ms")
        Duration pollInterval();

        /** Calls claimed per round. */
        @WithDefault("64")
        int batchSize();

        /** Calls in flight at once per instance (each external client's bulkhead bounds it further). */
        @WithDefault("16")
        int concurrency();

        /** How long a claimed call is this instance's; past it (the instance died) another one may retry it. */
        @WithDefault("2m")
        Duration lease();

        /** Upper bound of the back-off between attempts of a failing call. */
        @WithDefault("5m")
        Duration maxBackoff();
    }

    interface Relay {
        /** Off for a service instance that must not publish (e.g. a read replica); on by default. */
        @WithDefault("true")
        boolean enabled();

        /** Rows read and published per round. */
        @WithDefault("500")
        int batchSize();

        /** How often the relay looks for rows when no notification woke it (a fallback for lost notifications). */
        @WithDefault("1s")
        Duration pollInterval();

        /** How often a standby instance tries to become the relay. */
        @WithDefault("2s")
        Duration standbyInterval();

        /** Upper bound of the back-off after a failed round (broker or database away). */
        @WithDefault("30s")
        Duration maxBackoff();
    }

    interface Retention {
        /** How long published outbox rows are kept (for inspection) before cleanup deletes them. */
        @WithDefault("P1D")
        Duration outbox();

        /**
         * How long inbox rows are kept: the window within which a redelivered or re-injected event is
         * recognised. Must exceed the longest redelivery or replay an operator would do.
         */
        @WithDefault("P14D")
        Duration inbox();
    }
}
