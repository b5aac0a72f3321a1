package dev.orderflow.schemagate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.events.catalog.EventCatalog;
import dev.orderflow.events.registry.RegistryClient;
import org.apache.avro.Schema;

/**
 * The compatibility gate. For every subject it replays the published versions into a real
 * registry (in a throw-away group), sets the subject's rule, and asks the registry whether the
 * current schema would be accepted as the next version. It also fails when a published subject has
 * no current schema (event types are never removed) and when published files were tampered with.
 */
public final class CompatibilityGate {

    /** The current schema of a subject and the rule it must satisfy. */
    public record Candidate(Subject subject, String rule, Schema schema) {
    }

    public enum Verdict {
        /** Same as the latest published version. */
        UNCHANGED,
        /** Differs from the latest published version and the rule accepts it; publish it. */
        COMPATIBLE_CHANGE,
        /** No published version yet. */
        NEW_SUBJECT,
        /** The rule refuses it. */
        INCOMPATIBLE,
        /** Published, but no current schema any more. */
        REMOVED,
        /** A published version file was edited or deleted. */
        TAMPERED;

        public boolean fails() {
            return this == INCOMPATIBLE || this == REMOVED || this == TAMPERED;
        }
    }

    public record Finding(Subject subject, Verdict verdict, String message) {
        @Override
        public String toString() {
            return (verdict.fails() ? "FAIL " : "ok   ") + message;
        }
    }

    public record Report(List<Finding> findings) {
        public boolean passed() {
            return findings.stream().noneMatch(f -> f.verdict().fails());
        }

        public List<Finding> failures() {
            return findings.stream().filter(f -> f.verdict().fails()).toList();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryClient registry;

    public CompatibilityGate(RegistryClient registry) {
        this.registry = registry;
    }

    /** The project's candidates: every event type of the catalog with its stream's rule. */
    public static Map<Subject, Candidate> candidates(EventCatalog catalog) {
        Map<Subject, Candidate> candidates = new TreeMap<>();
        for (EventCatalog.Stream stream : catalog.streams()) {
            for (EventCatalog.EventType event : stream.events()) {
                Subject subject = new Subject(event.registryGroup(), event.registryArtifact());
                candidates.put(subject, new Candidate(subject, stream.compatibility().name(), event.schema()));
            }
        }
        return candidates;
    }

    public Report check(Map<Subject, Candidate> current, PublishedHistory history) {
        List<Finding> findings = new ArrayList<>();
        for (String problem : AppendOnlyCheck.run(history.root())) {
            findings.add(new Finding(null, Verdict.TAMPERED, problem
                    + ": published versions are append-only; restore it and publish a new version instead"));
        }
        Map<Subject, List<String>> published = history.read();
        for (Subject subject : published.keySet()) {
            if (!current.containsKey(subject)) {
                findings.add(new Finding(subject, Verdict.REMOVED, "subject " + subject + " was published but has no"
                        + " schema any more: event types are never removed (deprecate it and keep its schema)"));
            }
        }
        String run = "gate-" + UUID.randomUUID();
        List<String> groups = new ArrayList<>();
        try {
            for (Candidate candidate : current.values()) {
                List<String> versions = published.getOrDefault(candidate.subject(), List.of());
                if (versions.isEmpty()) {
                    findings.add(new Finding(candidate.subject(), Verdict.NEW_SUBJECT, "subject " + candidate.subject()
                            + " (rule " + candidate.rule() + "): new, not published yet"));
                    continue;
                }
                String group = run + "." + candidate.subject().group();
                groups.add(group);
                findings.add(judge(candidate, versions, group));
            }
        } finally {
            groups.stream().distinct().forEach(registry::deleteGroup);
        }
        return new Report(findings);
    }

    private Finding judge(Candidate candidate, List<String> versions, String group) {
        String artifact = candidate.subject().artifact();
        // The history was accepted when it was published: replay it unjudged, then apply the rule.
        registry.register(group, artifact, versions.get(0));
        registry.setCompatibility(group, artifact, "NONE");
        for (String version : versions.subList(1, versions.size())) {
            registry.register(group, artifact, version);
        }
        registry.setCompatibility(group, artifact, candidate.rule());
        Schema latest = new Schema.Parser().parse(versions.get(versions.size() - 1));
        String label = "subject " + candidate.subject() + " (rule " + candidate.rule() + ")";
        if (latest.equals(candidate.schema())) {
            return new Finding(candidate.subject(), Verdict.UNCHANGED, label + ": unchanged since version " + versions.size());
        }
        List<RegistryClient.Violation> violations = registry.check(group, artifact, candidate.schema().toString());
        if (violations.isEmpty()) {
            return new Finding(candidate.subject(), Verdict.COMPATIBLE_CHANGE, label + ": compatible change, to be"
                    + " published as version " + (versions.size() + 1));
        }
        List<String> explained = new ArrayList<>();
        for (RegistryClient.Violation violation : violations) {
            explained.add(explain(violation, candidate.schema(), latest));
        }
        return new Finding(candidate.subject(), Verdict.INCOMPATIBLE, label + ": incompatible with published version "
                + versions.size() + ": " + String.join("; ", explained));
    }

    /**
     * Names the offending field: the registry reports a JSON pointer into the schema
     * (e.g. /fields/3/type); it is resolved in the new schema, or in the published one for a field
     * that no longer exists.
     */
    static String explain(RegistryClient.Violation violation, Schema current, Schema published) {
        String pointer = violation.context();
        String inCurrent = fieldPath(current, pointer);
        String inPublished = fieldPath(published, pointer);
        String field = inCurrent != null ? inCurrent : inPublished;
        String description = violation.description();
        if (field != null && (description == null || description.isBlank() || field.endsWith(description))) {
            // The registry names just the field; say what is wrong with it.
            description = inCurrent != null && !inCurrent.equals(inPublished)
                    ? "added without a default, so events written before cannot be read"
                    : inCurrent == null
                    ? "removed without a default, so older readers cannot read new events"
                    : "cannot be read across versions";
        }
        return field == null ? description + " (at " + pointer + ")" : "field '" + field + "': " + description;
    }

    private static String fieldPath(Schema schema, String pointer) {
        if (pointer == null || pointer.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(schema.toString());
            List<String> names = new ArrayList<>();
            String[] steps = pointer.replaceFirst("^/", "").split("/");
            for (int i = 0; i < steps.length; i++) {
                String step = steps[i];
                if (node.isArray()) {
                    node = node.path(Integer.parseInt(step));
                    if (node.isMissingNode()) {
                        return null;
                    }
                    if (i > 0 && steps[i - 1].equals("fields") && node.has("name")) {
                        names.add(node.path("name").asText());
                    }
                } else {
                    node = node.path(step);
                    if (node.isMissingNode()) {
                        break;
                    }
                }
            }
            return names.isEmpty() ? null : String.join(".", names);
        } catch (Exception e) {
            return null;
        }
    }

    /** Appends every changed or new subject's current schema to the history; call only after a passing check. */
    public static List<String> publish(Report report, Map<Subject, Candidate> current, PublishedHistory history) {
        if (!report.passed()) {
            throw new IllegalStateException("refusing to publish: the gate failed");
        }
        List<String> written = new ArrayList<>();
        for (Finding finding : report.findings()) {
            if (finding.verdict() == Verdict.COMPATIBLE_CHANGE || finding.verdict() == Verdict.NEW_SUBJECT) {
                written.add(history.append(finding.subject(), current.get(finding.subject()).schema().toString(true))
                        .toString());
            }
        }
        return written;
    }
}
