package dev.orderflow.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Keycloak, the OIDC provider of the stack, from its distribution (a Quarkus application). Its realm
 * {@value #REALM} (roles, clients, demo users: {@code keycloak/orderflow-realm.json}) is imported
 * through the admin API whenever it is missing, so every start has it. Keycloak keeps its data in
 * memory: what is changed in its console lasts until it stops, and the realm file is the truth.
 *
 * <p>The distribution is built once for the stack's options ({@code kc.sh build}, under a lock, into
 * the distribution directory) and then started optimised: about ten seconds instead of forty.
 */
final class IdentityProvider implements Component {

    /** The realm the services trust. */
    static final String REALM = "orderflow";
    /** The audience every token for the services carries (the realm's clients add it). */
    static final String AUDIENCE = "orderflow-api";
    /** The stack's own tools (demo, benchmark, tests): client credentials, operator and finance. */
    static final String TOOLS_CLIENT = "orderflow-tools";
    /** Local only: the realm file is in the repository, and so is this. */
    static final String TOOLS_SECRET = "orderflow-tools-local-only";
    /** People at a terminal: password grant for the demo users ({@code deploy/local/token}). */
    static final String CLI_CLIENT = "orderflow-cli";

    /** The build-time options; changing them rebuilds the distribution on the next start. */
    private static final List<String> BUILD_OPTIONS = List.of("--db=dev-mem", "--health-enabled=true");
    private static final String BUILD_MARKER = "orderflow-build-options";
    private static final String ADMIN = "admin";

    private final StackConfig config;
    private final Path home;
    private final ManagedProcess process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    IdentityProvider(StackConfig config) {
        this.config = config;
        this.home = config.runDir().resolve("keycloak");
        this.process = new ManagedProcess(name(), home.resolve("keycloak.pid"), "-Dorderflow.stack.home=" + home);
    }

    @Override
    public String name() {
        return "keycloak";
    }

    @Override
    public String address() {
        return config.oidcUrl();
    }

    @Override
    public Optional<ProcessHandle> process() {
        return process.running();
    }

    @Override
    public Path log() {
        return home.resolve("keycloak.log");
    }

    @Override
    public void start() {
        if (process.running().isPresent()) {
            return;
        }
        Path dist = distribution();
        try {
            Files.createDirectories(home.resolve("tmp"));
            // The admin's password is generated per run directory and read from the environment, never a command line.
            Files.writeString(adminPasswordFile(), adminPassword(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ensureBuilt(dist);
        List<String> command = new ArrayList<>(jvm(dist));
        command.addAll(List.of("start", "--optimized",
                "--http-enabled=true", "--hostname-strict=false",
                "--http-host=127.0.0.1", "--http-port=" + config.keycloakPort(),
                "--http-management-port=" + config.keycloakManagementPort(),
                "--log-console-output=default"));
        process.start(command, Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN, "KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword()),
                home, log());
    }

    @Override
    public void awaitReady(Duration timeout) {
        URI health = URI.create("http://127.0.0.1:" + config.keycloakManagementPort() + "/health/ready");
        Readiness.awaitHttp(name(), process::running, log(), timeout, health);
    }

    /** Imports the realm unless Keycloak has it (it keeps its data in memory: after every start). */
    void ensureRealm() {
        String base = "http://127.0.0.1:" + config.keycloakPort();
        String token = JsonHttp.json(send(HttpRequest.newBuilder(URI.create(base + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Tokens.form(Map.of("grant_type", "password", "client_id", "admin-cli",
                        "username", ADMIN, "password", adminPassword())))), 200)).path("access_token").asText();
        HttpRequest.Builder realm = HttpRequest.newBuilder(URI.create(base + "/admin/realms/" + REALM))
                .header("Authorization", "Bearer " + token);
        if (send(realm.copy().GET(), 200, 404).statusCode() == 200) {
            return;
        }
        send(HttpRequest.newBuilder(URI.create(base + "/admin/realms")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(realmFile(), StandardCharsets.UTF_8)), 201, 409);
    }

    @Override
    public void stop() {
        process.stop(Duration.ofSeconds(20));
    }

    void kill() {
        process.kill();
    }

    private HttpResponse<String> send(HttpRequest.Builder request, int... expected) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (int status : expected) {
                if (response.statusCode() == status) {
                    return response;
                }
            }
            throw new IllegalStateException("Keycloak: " + response.request().method() + " " + response.request().uri()
                    + " answered " + response.statusCode() + ": " + response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String realmFile() {
        try (InputStream in = IdentityProvider.class.getResourceAsStream("/keycloak/orderflow-realm.json")) {
            if (in == null) {
                throw new IllegalStateException("keycloak/orderflow-realm.json is not on the launcher's class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path adminPasswordFile() {
        return home.resolve("admin-password");
    }

    /** The bootstrap admin's password: random, made once per run directory, kept in a file only its owner reads. */
    private String adminPassword() {
        Path file = adminPasswordFile();
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            String password = java.util.UUID.randomUUID().toString();
            SecretFiles.write(file, password);
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path distribution() {
        Path parent = config.distDir().resolve("keycloak");
        try (Stream<Path> found = Files.list(parent)) {
            return found.filter(p -> p.getFileName().toString().startsWith("keycloak-") && Files.isDirectory(p))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no Keycloak in " + parent));
        } catch (IOException e) {
            throw new IllegalStateException("no Keycloak distribution in " + parent
                    + "; build it with ./mvnw -pl deploy/local -am package", e);
        }
    }

    private List<String> jvm(Path dist) {
        return List.of(Component.javaExecutable(),
                "-Dorderflow.stack.home=" + home,
                "-Xms64m", "-Xmx512m", "-XX:MetaspaceSize=96M", "-XX:MaxMetaspaceSize=256m",
                "-Djava.io.tmpdir=" + home.resolve("tmp"),
                "-Dfile.encoding=UTF-8",
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                "--add-opens=java.base/java.security=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED",
                "-Djava.util.concurrent.ForkJoinPool.common.threadFactory=io.quarkus.bootstrap.forkjoin.QuarkusForkJoinWorkerThreadFactory",
                "-Dkc.home.dir=" + dist,
                "-Djboss.server.config.dir=" + dist.resolve("conf"),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-Dpicocli.disable.closures=true",
                "-cp", dist.resolve("lib/quarkus-run.jar").toString(),
                "io.quarkus.bootstrap.runner.QuarkusEntryPoint");
    }

    /**
     * Builds the distribution for {@link #BUILD_OPTIONS} unless it was built for them (a marker in
     * lib/quarkus says so); under a lock, since several stacks share one distribution.
     */
    private void ensureBuilt(Path dist) {
        Path marker = dist.resolve("lib/quarkus").resolve(BUILD_MARKER);
        String wanted = String.join(" ", BUILD_OPTIONS);
        try (FileChannel channel = FileChannel.open(dist.resolve(".orderflow-build.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (Files.isRegularFile(marker) && Files.readString(marker, StandardCharsets.UTF_8).equals(wanted)) {
                return;
            }
            Files.deleteIfExists(marker);
            List<String> command = new ArrayList<>(jvm(dist));
            command.add("build");
            command.addAll(BUILD_OPTIONS);
            Path buildLog = home.resolve("keycloak-build.log");
            Process build = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(buildLog.toFile()).start();
            if (!build.waitFor(5, TimeUnit.MINUTES)) {
                build.destroyForcibly();
                throw new IllegalStateException("Keycloak's build did not end within 5 minutes; see " + buildLog);
            }
            if (build.exitValue() != 0) {
                throw new IllegalStateException("Keycloak's build failed (exit " + build.exitValue() + "); see " + buildLog);
            }
            Files.writeString(marker, wanted, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
