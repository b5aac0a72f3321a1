package dev.orderflow.events.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The few calls of Apicurio Registry's v3 REST API that the project makes: registering Avro schema
 * versions under a subject (group + artifact), setting compatibility rules, and asking whether a
 * schema would be accepted (dry run) with the registry's own explanation when not.
 */
public final class RegistryClient {

    /** One reason the registry gave for refusing a schema: what is wrong and where in the schema. */
    public record Violation(String description, String context) {
        @Override
        public String toString() {
            return context == null || context.isBlank() ? description : description + " (at " + context + ")";
        }
    }

    /** The registry refused a schema because it breaks the subject's rules. */
    public static final class RuleViolationException extends RuntimeException {
        private final List<Violation> violations;

        RuleViolationException(String message, List<Violation> violations) {
            super(message);
            this.violations = List.copyOf(violations);
        }

        public List<Violation> violations() {
            return violations;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param baseUrl e.g. http://127.0.0.1:8090/apis/registry/v3 */
    public RegistryClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /**
     * Adds the schema as a version of the subject unless that exact content already is one; creates
     * the subject if needed. Returns the version's id. Throws {@link RuleViolationException} when the
     * subject's rules refuse it.
     */
    public String register(String group, String artifact, String avroSchema) {
        HttpResponse<String> response = send("POST", artifactsPath(group) + "?ifExists=FIND_OR_CREATE_VERSION",
                createArtifact(artifact, avroSchema));
        JsonNode body = requireSuccess(response, "register " + group + "/" + artifact);
        return body.path("version").path("version").asText();
    }

    /** The registry's verdict on adding this schema as a new version: empty when it would be accepted. */
    public List<Violation> check(String group, String artifact, String avroSchema) {
        HttpResponse<String> response = send("POST",
                artifactsPath(group) + "/" + encode(artifact) + "/versions?dryRun=true", createVersion(avroSchema));
        if (response.statusCode() / 100 == 2) {
            return List.of();
        }
        List<Violation> violations = violations(response);
        if (violations.isEmpty()) {
            throw new IllegalStateException("registry refused a dry run of " + group + "/" + artifact + ": HTTP "
                    + response.statusCode() + " " + response.body());
        }
        return violations;
    }

    /** Sets the subject's compatibility rule (BACKWARD, FULL, ...), replacing any earlier one. */
    public void setCompatibility(String group, String artifact, String level) {
        String rules = artifactsPath(group) + "/" + encode(artifact) + "/rules";
        setRule(rules, level);
    }

    /** Sets the registry-wide compatibility rule, used by subjects without a rule of their own. */
    public void setGlobalCompatibility(String level) {
        setRule("/admin/rules", level);
    }

    public Optional<String> globalCompatibility() {
        HttpResponse<String> response = send("GET", "/admin/rules/COMPATIBILITY", null);
        return response.statusCode() == 200
                ? Optional.of(readTree(response.body()).path("config").asText()) : Optional.empty();
    }

    public Optional<String> compatibility(String group, String artifact) {
        HttpResponse<String> response = send("GET",
                artifactsPath(group) + "/" + encode(artifact) + "/rules/COMPATIBILITY", null);
        return response.statusCode() == 200
                ? Optional.of(readTree(response.body()).path("config").asText()) : Optional.empty();
    }

    /** The versions' contents, oldest first. */
    public List<String> versions(String group, String artifact) {
        String path = artifactsPath(group) + "/" + encode(artifact) + "/versions";
        JsonNode page = requireSuccess(send("GET", path + "?limit=1000&order=asc&orderby=globalId", null), "list " + path);
        List<String> contents = new ArrayList<>();
        for (JsonNode version : page.path("versions")) {
            HttpResponse<String> content = send("GET", path + "/" + encode(version.path("version").asText()) + "/content", null);
            if (content.statusCode() != 200) {
                throw new IllegalStateException("cannot read " + path + ": HTTP " + content.statusCode());
            }
            contents.add(content.body());
        }
        return contents;
    }

    /** Deletes a group and every subject in it (the registry must allow deletions). */
    public void deleteGroup(String group) {
        HttpResponse<String> response = send("DELETE", "/groups/" + encode(group), null);
        if (response.statusCode() != 204 && response.statusCode() != 404) {
            throw new IllegalStateException("cannot delete group " + group + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
    }

    private void setRule(String rulesPath, String level) {
        ObjectNode rule = JSON.createObjectNode().put("ruleType", "COMPATIBILITY").put("config", level);
        HttpResponse<String> created = send("POST", rulesPath, rule.toString());
        if (created.statusCode() == 409) {
            created = send("PUT", rulesPath + "/COMPATIBILITY", rule.toString());
        }
        requireSuccess(created, "set COMPATIBILITY " + level + " on " + rulesPath);
    }

    private static String createArtifact(String artifact, String avroSchema) {
        ObjectNode body = JSON.createObjectNode().put("artifactId", artifact).put("artifactType", "AVRO");
        body.set("firstVersion", JSON.valueToTree(readTree(createVersion(avroSchema))));
        return body.toString();
    }

    private static String createVersion(String avroSchema) {
        ObjectNode version = JSON.createObjectNode();
        version.putObject("content").put("content", avroSchema).put("contentType", "application/json");
        return version.toString();
    }

    private JsonNode requireSuccess(HttpResponse<String> response, String what) {
        if (response.statusCode() / 100 == 2) {
            return response.body() == null || response.body().isBlank() ? JSON.createObjectNode() : readTree(response.body());
        }
        List<Violation> violations = violations(response);
        if (!violations.isEmpty()) {
            throw new RuleViolationException(what + " refused by the registry: " + violations, violations);
        }
        throw new IllegalStateException(what + " failed: HTTP " + response.statusCode() + " " + response.body());
    }

    private static List<Violation> violations(HttpResponse<String> response) {
        // Apicurio answers a rule violation with 409 when registering and 400 on a dry run.
        if ((response.statusCode() != 409 && response.statusCode() != 400)
                || response.body() == null || !response.body().contains("RuleViolation")) {
            return List.of();
        }
        List<Violation> violations = new ArrayList<>();
        JsonNode body = readTree(response.body());
        for (JsonNode cause : body.path("causes")) {
            violations.add(new Violation(cause.path("description").asText(), cause.path("context").asText(null)));
        }
        if (violations.isEmpty() && body.path("name").asText().contains("RuleViolation")) {
            violations.add(new Violation(body.path("detail").asText(body.path("title").asText()), null));
        }
        return violations;
    }

    private HttpResponse<String> send(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("registry at " + baseUrl + " unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String artifactsPath(String group) {
        return "/groups/" + encode(group) + "/artifacts";
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }
}
