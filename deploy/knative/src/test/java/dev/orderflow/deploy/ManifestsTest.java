package dev.orderflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.orderflow.events.catalog.EventCatalog;
import dev.orderflow.stack.Topics;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployment manifests, offline: every document parses into its typed model (Kubernetes,
 * Knative, Strimzi) with no field the model does not know, and the manifests agree with what the
 * code expects: each service's database, topics, consumer group and registry; every Kafka user's
 * ACLs; the topics the local stack creates; min-scale for everything that must keep running.
 */
class ManifestsTest {

    private static final Path REPO = Path.of(System.getProperty("orderflow.repo", "../..")).toAbsolutePath().normalize();
    private static final Path MANIFESTS = REPO.resolve("deploy/knative");
    private static final List<String> SERVICES = List.of("catalog", "customer", "order", "inventory", "payment", "shipping",
            "notification");
    /** Quarkus settings only a deployment sets (their defaults suit the local stack). */
    private static final Set<String> DEPLOYMENT_ONLY = Set.of("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final List<HasMetadata> resources = new ArrayList<>();
    private static List<String> kustomized;

    @BeforeAll
    static void parseEverything() throws IOException {
        KubernetesSerialization serialization = new KubernetesSerialization();
        for (String version : List.of("v1beta2", "v1")) {
            serialization.registerKubernetesResource("kafka.strimzi.io/" + version, "Kafka", Kafka.class);
            serialization.registerKubernetesResource("kafka.strimzi.io/" + version, "KafkaNodePool", KafkaNodePool.class);
            serialization.registerKubernetesResource("kafka.strimzi.io/" + version, "KafkaTopic", KafkaTopic.class);
            serialization.registerKubernetesResource("kafka.strimzi.io/" + version, "KafkaUser", KafkaUser.class);
        }
        JsonNode kustomization = YAML.readTree(MANIFESTS.resolve("kustomization.yaml").toFile());
        assertThat(kustomization.path("namespace").asText()).isEqualTo("orderflow");
        kustomized = new ArrayList<>();
        kustomization.path("resources").forEach(r -> kustomized.add(r.asText()));
        for (String file : kustomized) {
            List<JsonNode> raw = YAML.readValues(YAML.createParser(MANIFESTS.resolve(file).toFile()), JsonNode.class).readAll();
            try (InputStream in = Files.newInputStream(MANIFESTS.resolve(file))) {
                Object parsed = serialization.unmarshal(in);
                List<?> documents = parsed instanceof List<?> list ? list : List.of(parsed);
                assertThat(documents).as(file).hasSameSizeAs(raw);
                for (int i = 0; i < documents.size(); i++) {
                    assertThat(documents.get(i)).as("a document of %s", file).isInstanceOf(HasMetadata.class);
                    HasMetadata resource = (HasMetadata) documents.get(i);
                    // The model of a custom resource is of one API version: the manifest must be written in it.
                    assertThat(raw.get(i).path("apiVersion").asText()).as("%s %s", file, resource.getKind())
                            .isEqualTo(resource.getApiVersion());
                    resources.add(resource);
                }
            }
        }
    }

    @Test
    void theKustomizationListsEveryManifestAndNoSecretIsCommitted() throws IOException {
        try (Stream<Path> files = Files.walk(MANIFESTS)) {
            Set<String> onDisk = files.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().equals("kustomization.yaml"))
                    .filter(p -> !p.startsWith(MANIFESTS.resolve("target")) && !p.startsWith(MANIFESTS.resolve("src")))
                    .map(p -> MANIFESTS.relativize(p).toString()).collect(Collectors.toSet());
            assertThat(new HashSet<>(kustomized)).isEqualTo(onDisk);
        }
        assertThat(resources).noneMatch(r -> r.getKind().equals("Secret"));
    }

    @Test
    void everyDocumentIsItsTypedModelWithNothingTheModelDoesNotKnow() {
        Map<String, Long> kinds = resources.stream().collect(Collectors.groupingBy(r -> r.getApiVersion() + " " + r.getKind(),
                TreeMap::new, Collectors.counting()));
        assertThat(kinds).containsEntry("serving.knative.dev/v1 Service", SERVICES.size() + 1L) // and the gateway
                .containsEntry("kafka.strimzi.io/v1beta2 Kafka", 1L)
                .containsEntry("kafka.strimzi.io/v1beta2 KafkaNodePool", 1L)
                .containsEntry("kafka.strimzi.io/v1 KafkaUser", SERVICES.size() + 1L) // and the operator
                .containsEntry("kafka.strimzi.io/v1 KafkaTopic", (long) Topics.all().size())
                .containsEntry("apps/v1 Deployment", 1L);
        for (HasMetadata resource : resources) {
            if (!(resource instanceof GenericKubernetesResource)) {
                assertThat(unknownFields(resource, resource.getKind(), new IdentityHashMap<>()))
                        .as("fields the %s model does not know", resource.getKind()).isEmpty();
            }
        }
        // CloudNativePG has no Java model here: its two kinds are checked field by field below.
        assertThat(resources.stream().filter(r -> r instanceof GenericKubernetesResource).map(HasMetadata::getKind))
                .allMatch(k -> k.equals("Cluster") || k.equals("Database"));
    }

    @Test
    void everyServiceKeepsRunningAndIsWiredAsItsConfigurationExpects() {
        ConfigMap config = only(ConfigMap.class, "orderflow-config");
        for (String name : SERVICES) {
            Service service = only(Service.class, name);
            Map<String, String> annotations = service.getSpec().getTemplate().getMetadata().getAnnotations();
            // A consumer scaled to zero stops reading; a service scaled to zero stops relaying its outbox.
            assertThat(Integer.parseInt(annotations.getOrDefault("autoscaling.knative.dev/min-scale", "0")))
                    .as("%s min-scale", name).isGreaterThanOrEqualTo(1);
            Container container = service.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
            assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(container.getImage()).isEqualTo("orderflow/" + name + ":0.1.0-SNAPSHOT");

            Map<String, EnvVar> env = container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, Function.identity()));
            Properties properties = applicationProperties(name);
            // Every environment variable overrides a property the service actually has.
            for (String variable : env.keySet()) {
                assertThat(propertyFor(variable, properties)).as("%s: %s overrides no property of the service", name, variable)
                        .isNotNull();
            }
            String database = properties.getProperty("quarkus.datasource.username");
            assertThat(env.get("QUARKUS_DATASOURCE_REACTIVE_URL").getValue()).endsWith("/" + database);
            assertThat(env.get("QUARKUS_DATASOURCE_JDBC_URL").getValue()).endsWith("/" + database);
            assertThat(env.get("QUARKUS_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo("orderflow-db-" + database);
            assertThat(env.get("KAFKA_SASL_JAAS_CONFIG").getValueFrom().getSecretKeyRef().getName())
                    .as("the Kafka login of %s is its KafkaUser's secret", name).isEqualTo(name);
            String registryKey = env.get("MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_APICURIO_REGISTRY_URL").getValueFrom()
                    .getConfigMapKeyRef().getKey();
            assertThat(config.getData()).containsKey(registryKey);
            for (EnvVar variable : env.values()) {
                if (variable.getValueFrom() != null && variable.getValueFrom().getConfigMapKeyRef() != null) {
                    assertThat(config.getData()).as("%s: %s", name, variable.getName())
                            .containsKey(variable.getValueFrom().getConfigMapKeyRef().getKey());
                }
            }
        }
        // The registry the services are told about is the one deployed, at the path of its v3 API.
        io.fabric8.kubernetes.api.model.Service registry = only(io.fabric8.kubernetes.api.model.Service.class, "registry");
        assertThat(config.getData().get("registry.url"))
                .isEqualTo("http://registry:" + registry.getSpec().getPorts().get(0).getPort() + "/apis/registry/v3");
        assertThat(config.getData().get("kafka.bootstrap.servers")).isEqualTo(only(Kafka.class, "orderflow").getMetadata().getName()
                + "-kafka-bootstrap:" + only(Kafka.class, "orderflow").getSpec().getKafka().getListeners().get(0).getPort());
    }

    /**
     * Only the gateway is reachable from outside the cluster; it routes every path its configuration
     * routes to that service's cluster-local address, and takes its token provider from orderflow-config.
     */
    @Test
    void theGatewayIsTheOnlyPublicAddressAndRoutesToTheServicesInside() {
        for (String name : SERVICES) {
            assertThat(only(Service.class, name).getMetadata().getLabels()).as(name)
                    .containsEntry("networking.knative.dev/visibility", "cluster-local");
        }
        Service gateway = only(Service.class, "gateway");
        assertThat(gateway.getMetadata().getLabels()).doesNotContainKey("networking.knative.dev/visibility");
        Container container = gateway.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("orderflow/gateway:0.1.0-SNAPSHOT");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        Map<String, EnvVar> env = container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, Function.identity()));
        Properties properties = properties("services/gateway/src/main/resources/application.properties"); // no messaging library
        for (String variable : env.keySet()) {
            assertThat(propertyFor(variable, properties)).as("gateway: %s overrides no property of the gateway", variable).isNotNull();
        }
        assertThat(env.get("QUARKUS_OIDC_AUTH_SERVER_URL").getValueFrom().getConfigMapKeyRef().getKey()).isEqualTo("oidc.auth-server-url");
        Set<String> routed = new HashSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("orderflow.gateway.routes.") && key.endsWith(".instances")) {
                String service = key.substring("orderflow.gateway.routes.".length(), key.length() - ".instances".length());
                routed.add(service);
                assertThat(SERVICES).as("the gateway routes to %s", service).contains(service);
                EnvVar instances = env.get("ORDERFLOW_GATEWAY_ROUTES_" + service.toUpperCase() + "_INSTANCES");
                assertThat(instances).as("the gateway is told where %s is in the cluster", service).isNotNull();
                assertThat(instances.getValue()).isEqualTo("http://" + service + ".orderflow.svc.cluster.local");
            }
        }
        assertThat(routed).containsExactlyInAnyOrder("catalog", "customer", "order", "inventory", "payment");
    }

    @Test
    void theTopicsAreTheOnesTheLocalStackCreates() {
        Map<String, KafkaTopic> topics = all(KafkaTopic.class).stream()
                .collect(Collectors.toMap(t -> t.getSpec().getTopicName(), Function.identity()));
        List<Topics.Spec> expected = Topics.all();
        assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(expected.stream().map(Topics.Spec::name).toList());
        for (Topics.Spec spec : expected) {
            KafkaTopic topic = topics.get(spec.name());
            assertThat(topic.getSpec().getPartitions()).as(spec.name()).isEqualTo(spec.partitions());
            assertThat(topic.getSpec().getConfig().get("cleanup.policy")).as(spec.name()).isEqualTo(spec.configs().get("cleanup.policy"));
            assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "orderflow");
        }
    }

    @Test
    void everyServiceMayDoExactlyWhatItsConfigurationAndTheCatalogSay() {
        EventCatalog catalog = EventCatalog.load();
        for (String name : SERVICES) {
            Properties properties = applicationProperties(name);
            Set<String> reads = new HashSet<>();
            Set<String> groups = new HashSet<>();
            for (String key : properties.stringPropertyNames()) {
                if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".topic")) {
                    reads.add(properties.getProperty(key));
                    groups.add(properties.getProperty(key.replace(".topic", ".group.id")));
                }
            }
            Set<String> writes = new HashSet<>();
            catalog.streams().stream().filter(s -> s.producer().equals(name)).forEach(s -> writes.add(s.topic()));
            reads.forEach(topic -> writes.add(topic + ".dlq")); // dead letters of what it reads

            Grants grants = grantsOf(name);
            assertThat(grants.reads()).as("%s reads", name).isEqualTo(reads);
            assertThat(grants.writes()).as("%s writes", name).isEqualTo(writes);
            assertThat(grants.groups()).as("%s consumer groups", name).isEqualTo(groups);
        }
    }

    /** The operator (the console producer, the dead-letter printer) writes every stream and reads every dead-letter topic, nothing more. */
    @Test
    void theOperatorMayInjectIntoEveryStreamAndReadEveryDeadLetterTopic() {
        Set<String> streams = EventCatalog.load().streams().stream().map(s -> s.topic()).collect(Collectors.toSet());
        Grants grants = grantsOf("operator");
        assertThat(grants.writes()).isEqualTo(streams);
        assertThat(grants.reads()).isEqualTo(streams.stream().map(t -> t + ".dlq").collect(Collectors.toSet()));
        assertThat(grants.groups()).isEmpty();
    }

    private record Grants(Set<String> reads, Set<String> writes, Set<String> groups) {
    }

    private static Grants grantsOf(String name) {
        KafkaUser user = only(KafkaUser.class, name);
        assertThat(user.getSpec().getAuthentication().getType()).isEqualTo("scram-sha-512");
        List<AclRule> acls = ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();
        Map<String, Set<String>> topicOperations = new HashMap<>();
        Set<String> aclGroups = new HashSet<>();
        for (AclRule acl : acls) {
            if (acl.getResource() instanceof AclRuleTopicResource topic) {
                acl.getOperations().forEach(op -> topicOperations.computeIfAbsent(topic.getName(), k -> new HashSet<>()).add(op.toValue()));
            } else if (acl.getResource() instanceof AclRuleGroupResource group) {
                aclGroups.add(group.getName());
            }
        }
        Set<String> readable = topicOperations.entrySet().stream().filter(e -> e.getValue().contains("Read"))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        Set<String> writable = topicOperations.entrySet().stream().filter(e -> e.getValue().contains("Write"))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        return new Grants(readable, writable, aclGroups);
    }

    @Test
    void everyServiceHasItsOwnDatabaseAndLogin() {
        GenericKubernetesResource cluster = resources.stream().filter(r -> r.getKind().equals("Cluster"))
                .map(GenericKubernetesResource.class::cast).findFirst().orElseThrow();
        assertThat(cluster.getApiVersion()).isEqualTo("postgresql.cnpg.io/v1");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> roles = (List<Map<String, Object>>) cluster.get("spec", "managed", "roles");
        Map<String, String> loginSecrets = roles.stream().collect(Collectors.toMap(r -> (String) r.get("name"),
                r -> (String) ((Map<?, ?>) r.get("passwordSecret")).get("name")));
        Map<String, String> databaseOwners = resources.stream().filter(r -> r.getKind().equals("Database"))
                .map(GenericKubernetesResource.class::cast)
                .peek(d -> assertThat((String) d.get("spec", "cluster", "name")).isEqualTo(cluster.getMetadata().getName()))
                .collect(Collectors.toMap(d -> (String) d.get("spec", "name"), d -> (String) d.get("spec", "owner")));
        for (String name : SERVICES) {
            String database = applicationProperties(name).getProperty("quarkus.datasource.username");
            assertThat(databaseOwners).containsEntry(database, database);
            assertThat(loginSecrets).containsEntry(database, "orderflow-db-" + database);
        }
        Deployment registry = only(Deployment.class, "registry");
        Map<String, EnvVar> env = registry.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, Function.identity()));
        assertThat(env.get("APICURIO_DATASOURCE_URL").getValue()).endsWith("/registry");
        assertThat(databaseOwners).containsEntry("registry", "registry");
    }

    // ---- helpers

    private static <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends HasMetadata> T only(Class<T> type, String name) {
        List<T> found = all(type).stream().filter(r -> r.getMetadata().getName().equals(name)).toList();
        assertThat(found).as("%s %s", type.getSimpleName(), name).hasSize(1);
        return found.get(0);
    }

    /** The service's own configuration and what every service shares (the messaging library's, e.g. OIDC and HTTP). */
    /** A domain service's configuration: the messaging library's, then its own. */
    private static Properties applicationProperties(String service) {
        return properties("services/messaging/src/main/resources/META-INF/microprofile-config.properties",
                "services/" + service + "/src/main/resources/application.properties");
    }

    /** These properties files of the repository, the later overriding the earlier. */
    private static Properties properties(String... files) {
        Properties properties = new Properties();
        for (String file : files) {
            try (InputStream in = Files.newInputStream(REPO.resolve(file))) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return properties;
    }

    /** The property an environment variable sets (MicroProfile Config's mapping: upper case, non-alphanumerics to _). */
    private static String propertyFor(String variable, Properties properties) {
        for (String key : properties.stringPropertyNames()) {
            String unprofiled = key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
            if (unprofiled.replaceAll("[^A-Za-z0-9]", "_").toUpperCase().equals(variable)) {
                return unprofiled;
            }
        }
        if (DEPLOYMENT_ONLY.contains(variable)) {
            return variable;
        }
        // Kafka client settings every Kafka client of the service takes (kafka.* is the connector's shared config).
        return variable.startsWith("KAFKA_") ? "kafka." + variable.substring(6).toLowerCase().replace('_', '.') : null;
    }

    /** Paths of every field a model kept as "additional" (unknown to it): a typo or a field of another version. */
    private static List<String> unknownFields(Object node, String path, Map<Object, Boolean> seen) {
        List<String> unknown = new ArrayList<>();
        if (node == null || seen.put(node, true) != null) {
            return unknown;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknown.addAll(unknownFields(item, path + "[" + i++ + "]", seen));
            }
            return unknown;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknown.addAll(unknownFields(v, path + "." + k, seen)));
            return unknown;
        }
        String pkg = node.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8") && !pkg.startsWith("io.strimzi")) {
            return unknown;
        }
        for (Method method : node.getClass().getMethods()) {
            if (method.getParameterCount() != 0 || !method.getName().startsWith("get") || method.getName().equals("getClass")) {
                continue;
            }
            try {
                Object value = method.invoke(node);
                if (method.getName().equals("getAdditionalProperties")) {
                    if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        extra.keySet().forEach(k -> unknown.add(path + "." + k));
                    }
                } else if (!(value instanceof KubernetesResource && value == node)) {
                    unknown.addAll(unknownFields(value, path + "." + method.getName().substring(3), seen));
                }
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                // a derived getter that cannot answer on a partial object: not a field
            }
        }
        return unknown;
    }
}
