package dev.orderflow.schemagate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.orderflow.events.catalog.EventCatalog;
import dev.orderflow.events.registry.RegistryClient;
import dev.orderflow.stack.SharedTestStack;
import org.junit.jupiter.api.Test;

/**
 * The gate itself, on this repository: the current schemas against the published history in
 * event-schemas/published, judged by a real registry. With -Dorderflow.schemas.publish=true it
 * appends the new versions after a passing check.
 */
class PublishedSchemasGateTest {

    @Test
    void currentSchemasAreCompatibleWithEveryPublishedVersionAndPublished() {
        Path schemas = Path.of(System.getProperty("orderflow.schemas.dir", "..")).toAbsolutePath().normalize();
        PublishedHistory history = new PublishedHistory(schemas.resolve("published"));
        Map<Subject, CompatibilityGate.Candidate> current = CompatibilityGate.candidates(EventCatalog.load());
        CompatibilityGate gate = new CompatibilityGate(new RegistryClient(SharedTestStack.get().config().registryUrl()));

        CompatibilityGate.Report report = gate.check(current, history);
        System.out.println("schema gate, " + current.size() + " subjects:");
        report.findings().forEach(f -> System.out.println("  " + f));
        assertThat(report.failures()).as("incompatible or tampered schemas").isEmpty();

        if (Boolean.getBoolean("orderflow.schemas.publish")) {
            CompatibilityGate.publish(report, current, history).forEach(f -> System.out.println("  published " + f));
            report = gate.check(current, history);
        }
        List<CompatibilityGate.Finding> unpublished = report.findings().stream()
                .filter(f -> f.verdict() == CompatibilityGate.Verdict.COMPATIBLE_CHANGE
                        || f.verdict() == CompatibilityGate.Verdict.NEW_SUBJECT)
                .toList();
        assertThat(unpublished)
                .as("schema changes must be published with the change: ./mvnw -pl event-schemas/gate -am verify"
                        + " -Dorderflow.schemas.publish=true, then commit event-schemas/published")
                .isEmpty();
    }
}
