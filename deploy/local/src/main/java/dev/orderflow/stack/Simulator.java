package dev.orderflow.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An external system of the shop, simulated on a real network endpoint: the payment gateway and
 * the carrier API are WireMock servers (their stubs ship in simulators/&lt;name&gt;/ of this jar; latency,
 * errors and faults can be switched at run time through WireMock's admin API), the mail server is a
 * GreenMail SMTP sink whose REST API shows what arrived.
 */
final class Simulator implements Component {

    enum Kind { WIREMOCK, GREENMAIL }

    /** Stub files of each WireMock simulator (resources under simulators/&lt;name&gt;/). */
    private static final Map<String, List<String>> STUBS = Map.of(
            "payment-gateway", List.of("authorize.json", "authorize-declined.json", "authorize-unavailable.json", "authorize-slow.json",
                    "authorize-timeout.json", "refund.json"),
            "carrier", List.of("schedule.json", "schedule-refused.json", "schedule-late.json", "cancel.json"));

    private final String name;
    private final Kind kind;
    private final int port;
    private final int apiPort;
    private final StackConfig config;
    private final Path home;
    private final ManagedProcess process;

    /**
     * @param port    the simulated service (HTTP, or SMTP for mail)
     * @param apiPort where its state is read (the WireMock admin API is on {@code port}; GreenMail's REST API)
     */
    Simulator(String name, Kind kind, int port, int apiPort, StackConfig config) {
        this.name = name;
        this.kind = kind;
        this.port = port;
        this.apiPort = apiPort;
        this.config = config;
        this.home = config.runDir().resolve(name);
        this.process = new ManagedProcess(name, home.resolve(name + ".pid"), "-Dorderflow.stack.home=" + home);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String address() {
        return kind == Kind.GREENMAIL ? "smtp://127.0.0.1:" + port : "http://127.0.0.1:" + port;
    }

    @Override
    public Optional<ProcessHandle> process() {
        return process.running();
    }

    @Override
    public Path log() {
        return home.resolve(name + ".log");
    }

    @Override
    public void start() {
        if (process.running().isPresent()) {
            return;
        }
        Path simulators = config.distDir().resolve("simulators");
        try {
            Files.createDirectories(home);
            if (kind == Kind.WIREMOCK) {
                installStubs();
                int journal = journalEntries();
                List<String> command = new ArrayList<>(List.of(Component.javaExecutable(), "-Dorderflow.stack.home=" + home,
                        journal > 0 ? "-Xmx384m" : "-Xmx192m", "-jar", simulators.resolve("wiremock-standalone.jar").toString(),
                        "--port", Integer.toString(port), "--bind-address", "127.0.0.1", "--root-dir", home.toString(),
                        "--disable-banner"));
                command.addAll(journal > 0 ? List.of("--max-request-journal-entries", Integer.toString(journal))
                        : List.of("--no-request-journal"));
                process.start(command, Map.of(), home, log());
            } else {
                // GreenMail with a retention (MailSimulator, from this launcher's own classes): room for the
                // newest 50,000 mails and the collector that costs least with such a heap.
                process.start(List.of(Component.javaExecutable(), "-Dorderflow.stack.home=" + home, "-Xmx256m", "-XX:+UseSerialGC",
                        "-Dgreenmail.smtp.hostname=127.0.0.1", "-Dgreenmail.smtp.port=" + port,
                        "-Dgreenmail.api.hostname=127.0.0.1", "-Dgreenmail.api.port=" + apiPort,
                        "-Dgreenmail.auth.disabled",
                        "-cp", simulators.resolve("greenmail-standalone.jar") + java.io.File.pathSeparator + ownClassPath(),
                        MailSimulator.class.getName()), Map.of(), home, log());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where this launcher's classes are (its jar, or the build's classes directory). */
    private static String ownClassPath() {
        try {
            return Path.of(MailSimulator.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * How many requests a WireMock simulator keeps in its journal ({@value #JOURNAL_PROPERTY}; 0, the
     * default, keeps none): tests read what the gateway and the carrier were asked and answered
     * ({@link SimulatorLedger}); a long-running stack keeps no journal, so its memory stays flat.
     */
    static int journalEntries() {
        return Integer.getInteger(JOURNAL_PROPERTY, 0);
    }

    static final String JOURNAL_PROPERTY = "orderflow.simulators.journal";

    private void installStubs() throws IOException {
        Path mappings = home.resolve("mappings");
        Files.createDirectories(mappings);
        for (String stub : STUBS.getOrDefault(name, List.of())) {
            try (InputStream in = Simulator.class.getResourceAsStream("/simulators/" + name + "/" + stub)) {
                if (in == null) {
                    throw new IllegalStateException("missing stub simulators/" + name + "/" + stub);
                }
                Files.copy(in, mappings.resolve(stub), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Override
    public void awaitReady(Duration timeout) {
        URI health = URI.create(kind == Kind.WIREMOCK ? "http://127.0.0.1:" + port + "/__admin/health"
                : "http://127.0.0.1:" + apiPort + "/api/service/readiness");
        Readiness.awaitHttp(name(), process::running, log(), timeout, health);
    }

    @Override
    public void stop() {
        process.stop(Duration.ofSeconds(15));
    }
}
