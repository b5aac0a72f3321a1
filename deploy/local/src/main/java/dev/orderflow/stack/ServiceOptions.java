package dev.orderflow.stack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the launcher runs the services: the port base, on which the gateway listens, and each service's
 * offset from it for its first instance's API (catalog +1, customer +2, order +3, inventory +4, payment +5, shipping +6, notification +7; a
 * second instance +10 more, a third +20), configuration every service gets on top of its own (e.g. a
 * short reservation time to live for the demo), how many instances of each service run (1 unless said),
 * and whether the services keep and use an AOT cache on a JDK that has one (25 and later): see
 * {@link ServiceProcess}. Test stacks, new every time, leave it off (a cache would be recorded at every stop).
 */
public record ServiceOptions(int portBase, Map<String, String> properties, Map<String, Integer> instances, boolean aotCache) {

    public static final int DEFAULT_PORT_BASE = 8100;

    /** At most this many instances of one service (their ports must not reach the next service's). */
    public static final int MAX_INSTANCES = 9;

    public ServiceOptions {
        properties = Map.copyOf(properties);
        instances = Map.copyOf(instances);
    }

    public ServiceOptions(int portBase, Map<String, String> properties) {
        this(portBase, properties, Map.of(), false);
    }

    /** What {@code stack run} and the benchmark use: the default ports, and each service's AOT cache (see {@link #aotCache}). */
    public static ServiceOptions defaults() {
        return new ServiceOptions(DEFAULT_PORT_BASE, Map.of(), Map.of(), true);
    }

    /**
     * Services on a block of free ports (the gateway on base, the first service's API on base + 1 ... the
     * last one's on base + 7), for a stack that runs beside another one, as tests do.
     */
    public static ServiceOptions onFreePorts(Map<String, String> properties) {
        // base, base + 1 ... base + n, instance i at + stride (i - 1): the block is free for three instances of each.
        return new ServiceOptions(FreePorts.block(2 * ServiceProcess.INSTANCE_PORT_STRIDE + ServiceProcess.SERVICES.size() + 1),
                properties);
    }

    public ServiceOptions with(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.putAll(more);
        return new ServiceOptions(portBase, all, instances, aotCache);
    }

    public ServiceOptions withInstances(Map<String, Integer> counts) {
        return new ServiceOptions(portBase, properties, counts, aotCache);
    }

    public ServiceOptions withAotCache(boolean on) {
        return new ServiceOptions(portBase, properties, instances, on);
    }

    public int instancesOf(String service) {
        return instances.getOrDefault(service, 1);
    }

    /**
     * Parses {@code service=count[,service=count...]} (e.g. {@code payment=2}).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Map<String, Integer> parseInstances(String text) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String[] kv = part.trim().split("=", 2);
            String service = kv[0].trim();
            if (ServiceProcess.SERVICES.stream().noneMatch(s -> s.name().equals(service))) {
                throw new IllegalArgumentException("--instances: no service named '" + service + "' (one of "
                        + ServiceProcess.SERVICES.stream().map(ServiceProcess.Spec::name).toList() + ")");
            }
            int count;
            try {
                count = kv.length == 2 ? Integer.parseInt(kv[1].trim()) : -1;
            } catch (NumberFormatException e) {
                count = -1;
            }
            if (count < 1 || count > MAX_INSTANCES) {
                throw new IllegalArgumentException("--instances: " + service + " needs a count from 1 to " + MAX_INSTANCES
                        + ", as in " + service + "=2");
            }
            counts.put(service, count);
        }
        return counts;
    }
}
