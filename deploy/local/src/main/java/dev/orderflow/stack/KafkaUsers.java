package dev.orderflow.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The Kafka users and their ACLs, read from the manifests' own {@code deploy/knative/infrastructure/kafka-users.yaml}
 * (Strimzi KafkaUsers, copied into this jar at build): the local stack grants each login exactly what the
 * cluster grants it, from one source. deploy/knative's ManifestsTest checks that file against every service's
 * configuration and the stream catalog.
 */
final class KafkaUsers {

    static final String RESOURCE = "kafka-users.yaml";
    private static final String CLUSTER = "kafka-cluster";

    private KafkaUsers() {
    }

    /** Each user's ACLs, in the file's order. */
    static Map<String, List<AclBinding>> fromManifest() {
        try (InputStream in = KafkaUsers.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path (deploy/local copies it from deploy/knative)");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, List<AclBinding>> parse(InputStream yaml) throws IOException {
        Map<String, List<AclBinding>> users = new LinkedHashMap<>();
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        try (MappingIterator<JsonNode> documents = mapper.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || !"KafkaUser".equals(document.path("kind").asText())) {
                    continue;
                }
                String user = document.path("metadata").path("name").asText();
                String principal = "User:" + user;
                List<AclBinding> acls = new ArrayList<>();
                for (JsonNode acl : document.path("spec").path("authorization").path("acls")) {
                    ResourcePattern resource = resource(user, acl.path("resource"));
                    for (JsonNode operation : acl.path("operations")) {
                        acls.add(new AclBinding(resource, new AccessControlEntry(principal, acl.path("host").asText("*"),
                                operation(user, operation.asText()), AclPermissionType.ALLOW)));
                    }
                }
                users.put(user, List.copyOf(acls));
            }
        }
        return users;
    }

    private static ResourcePattern resource(String user, JsonNode resource) {
        String type = resource.path("type").asText();
        PatternType pattern = switch (resource.path("patternType").asText("literal")) {
            case "literal" -> PatternType.LITERAL;
            case "prefix" -> PatternType.PREFIXED;
            default -> throw new IllegalArgumentException(user + ": unknown patternType " + resource.path("patternType"));
        };
        return switch (type) {
            case "topic" -> new ResourcePattern(ResourceType.TOPIC, resource.path("name").asText(), pattern);
            case "group" -> new ResourcePattern(ResourceType.GROUP, resource.path("name").asText(), pattern);
            case "transactionalId" -> new ResourcePattern(ResourceType.TRANSACTIONAL_ID, resource.path("name").asText(), pattern);
            case "cluster" -> new ResourcePattern(ResourceType.CLUSTER, CLUSTER, PatternType.LITERAL);
            default -> throw new IllegalArgumentException(user + ": unknown ACL resource type " + type);
        };
    }

    /** Strimzi's "IdempotentWrite" is Kafka's IDEMPOTENT_WRITE. */
    private static AclOperation operation(String user, String name) {
        AclOperation operation = AclOperation.fromString(name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
        if (operation == AclOperation.UNKNOWN || operation == AclOperation.ANY) {
            throw new IllegalArgumentException(user + ": unknown ACL operation " + name);
        }
        return operation;
    }
}
