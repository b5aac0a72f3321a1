package dev.orderflow.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.orderflow.events.catalog.CatalogDocument;
import dev.orderflow.events.catalog.EventCatalog;
import org.junit.jupiter.api.Test;

/**
 * event-schemas/CATALOG.md is generated from streams.json, the schemas and the services' code; this fails when it is
 * out of date ({@code -Dorderflow.catalog.update=true} writes it).
 */
class CatalogDocumentTest {

    private static final Path DOCUMENT = ServiceCode.REPO.resolve("event-schemas/CATALOG.md");

    @Test
    void catalogDocumentIsCurrent() throws IOException {
        EventCatalog catalog = EventCatalog.load();
        ServiceCode code = ServiceCode.read(catalog);
        String rendered = CatalogDocument.render(catalog, ServiceCode.byType(code.builtAt()), ServiceCode.byType(code.handledAt()));
        if (Boolean.getBoolean("orderflow.catalog.update")) {
            Files.writeString(DOCUMENT, rendered, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(DOCUMENT)).as("event-schemas/CATALOG.md exists").isTrue();
        assertThat(Files.readString(DOCUMENT, StandardCharsets.UTF_8))
                .as("event-schemas/CATALOG.md is out of date: run ./mvnw install -DskipTests, then "
                        + "./mvnw -pl services/architecture-tests verify -Dorderflow.catalog.update=true")
                .isEqualTo(rendered);
    }
}
