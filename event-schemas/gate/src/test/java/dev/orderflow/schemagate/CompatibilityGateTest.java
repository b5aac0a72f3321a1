package dev.orderflow.schemagate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.orderflow.events.registry.RegistryClient;
import dev.orderflow.stack.SharedTestStack;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate both ways, on a real registry: incompatible changes fail with a precise message, compatible ones pass. */
class CompatibilityGateTest {

    private static final Subject THING = new Subject("test.gate", "Thing");
    private static final String V1 = """
            {"type": "record", "name": "Thing", "namespace": "test.gate", "doc": "A thing.",
             "fields": [
               {"name": "id", "type": "string"},
               {"name": "amountMinor", "type": "long"}]}""";

    @TempDir
    Path repo;

    private PublishedHistory history;
    private CompatibilityGate gate;

    @BeforeEach
    void publishVersionOne() {
        history = new PublishedHistory(repo.resolve("published"));
        history.append(THING, V1);
        gate = new CompatibilityGate(new RegistryClient(SharedTestStack.get().config().registryUrl()));
    }

    @Test
    void aNewOptionalFieldWithADefaultPassesAndCanBePublished() {
        Map<Subject, CompatibilityGate.Candidate> current = current("BACKWARD", """
                {"type": "record", "name": "Thing", "namespace": "test.gate", "doc": "A thing.",
                 "fields": [
                   {"name": "id", "type": "string"},
                   {"name": "amountMinor", "type": "long"},
                   {"name": "note", "type": ["null", "string"], "default": null}]}""");
        CompatibilityGate.Report report = gate.check(current, history);
        assertThat(report.passed()).isTrue();
        assertThat(report.findings()).singleElement()
                .satisfies(f -> assertThat(f.verdict()).isEqualTo(CompatibilityGate.Verdict.COMPATIBLE_CHANGE));

        assertThat(CompatibilityGate.publish(report, current, history)).singleElement().asString().endsWith("2.avsc");
        assertThat(history.read().get(THING)).hasSize(2);
        assertThat(gate.check(current, history).findings()).singleElement()
                .satisfies(f -> assertThat(f.verdict()).isEqualTo(CompatibilityGate.Verdict.UNCHANGED));
    }

    @Test
    void aNewRequiredFieldWithoutDefaultFailsNamingSubjectRuleAndField() {
        CompatibilityGate.Report report = gate.check(current("BACKWARD", """
                {"type": "record", "name": "Thing", "namespace": "test.gate", "doc": "A thing.",
                 "fields": [
                   {"name": "id", "type": "string"},
                   {"name": "amountMinor", "type": "long"},
                   {"name": "quantity", "type": "int"}]}"""), history);
        assertFailsWith(report, CompatibilityGate.Verdict.INCOMPATIBLE,
                "subject test.gate/Thing", "rule BACKWARD", "field 'quantity'");
    }

    @Test
    void aChangedFieldTypeFailsNamingTheField() {
        CompatibilityGate.Report report = gate.check(current("BACKWARD", """
                {"type": "record", "name": "Thing", "namespace": "test.gate", "doc": "A thing.",
                 "fields": [
                   {"name": "id", "type": "string"},
                   {"name": "amountMinor", "type": "string"}]}"""), history);
        assertFailsWith(report, CompatibilityGate.Verdict.INCOMPATIBLE,
                "subject test.gate/Thing", "rule BACKWARD", "field 'amountMinor'", "STRING");
    }

    @Test
    void aFieldRemovedWithoutDefaultFailsUnderFull() {
        CompatibilityGate.Report report = gate.check(current("FULL", """
                {"type": "record", "name": "Thing", "namespace": "test.gate", "doc": "A thing.",
                 "fields": [
                   {"name": "id", "type": "string"}]}"""), history);
        assertFailsWith(report, CompatibilityGate.Verdict.INCOMPATIBLE,
                "subject test.gate/Thing", "rule FULL", "field 'amountMinor'");
    }

    @Test
    void aPublishedSubjectWithoutCurrentSchemaFails() {
        assertFailsWith(gate.check(Map.of(), history), CompatibilityGate.Verdict.REMOVED, "test.gate/Thing");
    }

    @Test
    void anEditedOrDeletedPublishedVersionFails() throws Exception {
        git("init", "-q");
        git("add", ".");
        git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "publish v1");
        Map<Subject, CompatibilityGate.Candidate> current = current("BACKWARD", V1);
        assertThat(gate.check(current, history).passed()).as("untouched history").isTrue();

        Path v1 = repo.resolve("published/test.gate/Thing/1.avsc");
        Files.writeString(v1, V1.replace("A thing.", "A changed thing."), StandardCharsets.UTF_8);
        assertFailsWith(gate.check(current, history), CompatibilityGate.Verdict.TAMPERED,
                "published/test.gate/Thing/1.avsc", "was edited");

        git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-am", "edit v1");
        assertFailsWith(gate.check(current, history), CompatibilityGate.Verdict.TAMPERED, "was edited");

        git("rm", "-q", "published/test.gate/Thing/1.avsc");
        git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "delete v1");
        assertFailsWith(gate.check(current, history), CompatibilityGate.Verdict.TAMPERED, "was deleted");
    }

    private static Map<Subject, CompatibilityGate.Candidate> current(String rule, String schema) {
        return Map.of(THING, new CompatibilityGate.Candidate(THING, rule, new Schema.Parser().parse(schema)));
    }

    private static void assertFailsWith(CompatibilityGate.Report report, CompatibilityGate.Verdict verdict,
                                        String... fragments) {
        assertThat(report.passed()).isFalse();
        List<CompatibilityGate.Finding> failures = report.failures();
        failures.forEach(f -> System.out.println("gate said: " + f));
        assertThat(failures).anySatisfy(f -> {
            assertThat(f.verdict()).isEqualTo(verdict);
            assertThat(f.message()).contains(fragments);
        });
    }

    private void git(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(repo.toFile()).inheritIO().start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("git " + String.join(" ", args)).isZero();
    }
}
