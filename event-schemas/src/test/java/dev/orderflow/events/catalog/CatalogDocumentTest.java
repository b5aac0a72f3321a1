package dev.orderflow.events.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** CATALOG.md is generated; this fails when it no longer matches streams.json and the schemas. */
class CatalogDocumentTest {

    private static final Path DOCUMENT = Path.of("CATALOG.md");

    @Test
    void catalogDocumentIsCurrent() throws IOException {
        String rendered = CatalogDocument.render(EventCatalog.load());
        if (Boolean.getBoolean("orderflow.catalog.update")) {
            Files.writeString(DOCUMENT, rendered, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(DOCUMENT)).as("event-schemas/CATALOG.md exists").isTrue();
        assertThat(Files.readString(DOCUMENT, StandardCharsets.UTF_8))
                .as("event-schemas/CATALOG.md is out of date: run ./mvnw -pl event-schemas verify -Dorderflow.catalog.update=true")
                .isEqualTo(rendered);
    }
}
