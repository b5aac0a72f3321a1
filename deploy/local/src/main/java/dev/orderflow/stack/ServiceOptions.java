package dev.orderflow.stack;

import java.util.Map;

/**
 * How the launcher runs the services: the port the first one's API listens on plus its offset
 * (catalog +1, customer +2, order +3, inventory +4, payment +5, shipping +6, notification +7), and
 * configuration every service gets on top of its own (e.g. a short reservation time to live for the demo).
 */
public record ServiceOptions(int portBase, Map<String, String> properties) {

    public static final int DEFAULT_PORT_BASE = 8100;

    public ServiceOptions {
        properties = Map.copyOf(properties);
    }

    public static ServiceOptions defaults() {
        return new ServiceOptions(DEFAULT_PORT_BASE, Map.of());
    }

    public ServiceOptions with(Map<String, String> more) {
        Map<String, String> all = new java.util.LinkedHashMap<>(properties);
        all.putAll(more);
        return new ServiceOptions(portBase, all);
    }
}
