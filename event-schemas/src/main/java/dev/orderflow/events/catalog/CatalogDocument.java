package dev.orderflow.events.catalog;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.avro.Schema;

/**
 * Renders the catalog as Markdown (CATALOG.md), from streams.json, the schemas' own doc strings and where in the
 * services' code each event type is built and handled (read from their bytecode by services/architecture-tests).
 */
public final class CatalogDocument {

    /**
     * A place in the code: a method ({@code label}, e.g. {@code InventoryEvents.reserved}) in a source file
     * ({@code path}, from the repository's root).
     */
    public record Site(String label, String path) {
    }

    private CatalogDocument() {
    }

    /**
     * @param builtAt   per event type (full name), the methods that build one
     * @param handledAt per event type (full name), the subscriptions that hand one to a handler
     */
    public static String render(EventCatalog catalog, Map<String, List<Site>> builtAt, Map<String, List<Site>> handledAt) {
        StringBuilder md = new StringBuilder();
        md.append("# Event catalog\n\n")
                .append("Generated from `src/main/resources/dev/orderflow/events/streams.json`, the Avro schemas in\n")
                .append("`src/main/avro/` and the services' compiled code, by `services/architecture-tests`: its\n")
                .append("`StreamCatalogConformanceTest` fails when the catalog and the code disagree, its `CatalogDocumentTest`\n")
                .append("when this file is out of date. Regenerate with `./mvnw install -DskipTests` and then\n")
                .append("`./mvnw -pl services/architecture-tests verify -Dorderflow.catalog.update=true`.\n\n")
                .append("Every event also carries CloudEvents headers (`ce_id`, `ce_type`, `ce_source`, `ce_time`,\n")
                .append("`ce_subject`) and W3C trace context. Registry subjects use the record-id strategy: group =\n")
                .append("record namespace, artifact = record name. Amounts are minor units of an ISO 4217 currency;\n")
                .append("instants are UTC `timestamp-millis`.\n\n")
                .append("| topic | partitions | cleanup | compatibility | producer | event types |\n")
                .append("|---|---|---|---|---|---|\n");
        for (EventCatalog.Stream stream : catalog.streams()) {
            md.append("| `").append(stream.topic()).append("` | ").append(stream.partitions()).append(" | ")
                    .append(stream.compacted() ? "compact" : "delete").append(" | ")
                    .append(stream.compatibility()).append(" | ").append(stream.producer()).append(" | ")
                    .append(stream.events().stream().map(EventCatalog.EventType::simpleName).collect(Collectors.joining(", ")))
                    .append(" |\n");
        }
        for (EventCatalog.Stream stream : catalog.streams()) {
            md.append("\n## `").append(stream.topic()).append("`\n\n")
                    .append(stream.description()).append(" Produced by **").append(stream.producer())
                    .append("**; ").append(stream.partitions()).append(" partitions, cleanup ")
                    .append(stream.compacted() ? "compact" : "delete").append(", compatibility ")
                    .append(stream.compatibility()).append(", dead letters on `").append(stream.deadLetterTopic())
                    .append("`.\n\n")
                    .append("| event type | key | consumers | built in | handled in | registry subject | meaning |\n")
                    .append("|---|---|---|---|---|---|---|\n");
            for (EventCatalog.EventType event : stream.events()) {
                Schema schema = event.schema();
                md.append("| [`").append(event.simpleName()).append("`](").append(schemaFile(event)).append(") | `")
                        .append(event.key()).append("` | ")
                        .append(event.consumers().isEmpty() ? "—" : String.join(", ", event.consumers())).append(" | ")
                        .append(links(builtAt.getOrDefault(event.type(), List.of()))).append(" | ")
                        .append(links(handledAt.getOrDefault(event.type(), List.of()))).append(" | `")
                        .append(event.registryGroup()).append("/").append(event.registryArtifact()).append("` | ")
                        .append(event.isPlanned() ? "*Not produced yet: " + event.planned() + ".* " : "")
                        .append(schema.getDoc() == null ? "" : schema.getDoc().replace("|", "\\|")).append(" |\n");
            }
        }
        return md.toString();
    }

    /** The schema's source, relative to CATALOG.md: {@code src/main/avro/<last part of the namespace>/<name>.avsc}. */
    private static String schemaFile(EventCatalog.EventType event) {
        String namespace = event.namespace();
        return "src/main/avro/" + namespace.substring(namespace.lastIndexOf('.') + 1) + "/" + event.simpleName() + ".avsc";
    }

    private static String links(List<Site> sites) {
        if (sites.isEmpty()) {
            return "—";
        }
        return sites.stream().map(s -> "[`" + s.label() + "`](../" + s.path() + ")").collect(Collectors.joining("<br>"));
    }
}
