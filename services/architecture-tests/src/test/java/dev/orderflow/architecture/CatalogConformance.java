package dev.orderflow.architecture;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.orderflow.events.catalog.EventCatalog;

/**
 * The stream catalog held against what the services' code does: which event types each service
 * stages (its producing code) and which it takes from its subscriptions. Every difference is one
 * line naming the service, the type and what disagrees; none means the catalog is true.
 *
 * @param produced per service, the event types its code builds
 * @param consumed per service, the event types its subscriptions hand to a handler
 */
record CatalogConformance(Map<String, Set<String>> produced, Map<String, Set<String>> consumed) {

    List<String> differences(EventCatalog catalog) {
        List<String> differences = new ArrayList<>();
        Set<String> services = new TreeSet<>(produced.keySet());
        services.addAll(consumed.keySet());
        for (EventCatalog.Stream stream : catalog.streams()) {
            for (EventCatalog.EventType event : stream.events()) {
                String type = event.simpleName();
                boolean staged = produced.getOrDefault(stream.producer(), Set.of()).contains(event.type());
                if (!event.isPlanned() && !staged) {
                    differences.add(stream.producer() + " is the catalogued producer of " + type + " on " + stream.topic()
                            + ", but no code of it builds one (mark it \"planned\" in streams.json if it is to come)");
                }
                if (event.isPlanned() && staged) {
                    differences.add(stream.producer() + " builds " + type + ", which the catalog still marks as planned ("
                            + event.planned() + ")");
                }
                for (String service : services) {
                    if (!service.equals(stream.producer()) && produced.getOrDefault(service, Set.of()).contains(event.type())) {
                        differences.add(service + " builds " + type + ", but " + stream.topic() + " is produced by "
                                + stream.producer() + " alone");
                    }
                    boolean catalogued = event.consumers().contains(service);
                    boolean subscribed = consumed.getOrDefault(service, Set.of()).contains(event.type());
                    if (catalogued && !subscribed) {
                        differences.add("the catalog lists " + service + " as a consumer of " + type + ", but no subscription of it takes one");
                    }
                    if (subscribed && !catalogued) {
                        differences.add(service + " subscribes to " + type + ", which the catalog does not list among its consumers");
                    }
                }
            }
        }
        Set<String> catalogued = new TreeSet<>();
        catalog.eventTypes().forEach(e -> catalogued.add(e.type()));
        for (String service : services) {
            for (String type : produced.getOrDefault(service, Set.of())) {
                if (!catalogued.contains(type)) {
                    differences.add(service + " builds " + type + ", which is on no stream of the catalog");
                }
            }
            for (String type : consumed.getOrDefault(service, Set.of())) {
                if (!catalogued.contains(type)) {
                    differences.add(service + " subscribes to " + type + ", which is on no stream of the catalog");
                }
            }
        }
        return differences;
    }
}
