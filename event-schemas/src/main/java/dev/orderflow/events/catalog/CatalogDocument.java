package dev.orderflow.events.catalog;

import java.util.stream.Collectors;

import org.apache.avro.Schema;

/** Renders the catalog as Markdown (CATALOG.md), from streams.json and the schemas' own doc strings. */
public final class CatalogDocument {

    private CatalogDocument() {
    }

    public static String render(EventCatalog catalog) {
        StringBuilder md = new StringBuilder();
        md.append("# Event catalog\n\n")
                .append("Generated from `src/main/resources/dev/orderflow/events/streams.json` and the Avro schemas in\n")
                .append("`src/main/avro/`; `CatalogDocumentTest` fails when this file is out of date. Regenerate with\n")
                .append("`./mvnw -pl event-schemas verify -Dorderflow.catalog.update=true`.\n\n")
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
                    .append("| event type | key | consumers | registry subject | meaning |\n")
                    .append("|---|---|---|---|---|\n");
            for (EventCatalog.EventType event : stream.events()) {
                Schema schema = event.schema();
                md.append("| `").append(event.simpleName()).append("` | `").append(event.key()).append("` | ")
                        .append(event.consumers().isEmpty() ? "—" : String.join(", ", event.consumers())).append(" | `")
                        .append(event.registryGroup()).append("/").append(event.registryArtifact()).append("` | ")
                        .append(schema.getDoc() == null ? "" : schema.getDoc().replace("|", "\\|")).append(" |\n");
            }
        }
        return md.toString();
    }
}
