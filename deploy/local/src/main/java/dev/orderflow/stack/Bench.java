package dev.orderflow.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.orderflow.events.catalog.CloudEventHeaders;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code deploy/local/bench}: the whole-system benchmark. Drives orders through the public API of
 * the running system (starting it first if it is not running), follows every order to its terminal
 * event on the {@code orders} stream, and prints — and writes as JSON — placement and end-to-end
 * rates, latency percentiles, CPU per order and peak memory of every process, beside the raw Kafka
 * and PostgreSQL ceilings measured in the same run. It asserts nothing.
 */
public final class Bench {

    private static final String USAGE = """
            usage: deploy/local/bench [options]
              closed loop (default): --orders N (20000) --concurrency C (64)
              open loop:             --rate R orders/s --duration S seconds
              --warmup N        orders placed and finished before measuring, not counted (default: 1000, at most N/5)
              --products N      products to order from (20); --customers N (20)
              --no-ceilings     skip the Kafka and PostgreSQL ceiling measurements
              --out FILE        where the JSON goes (default: <run dir>/bench/bench-<time>.json)
              --timeout S       how long to wait for every order to end (600)
              --dir DIR         run directory of the stack (as for deploy/local/stack)
              --keep            leave a system the benchmark started running afterwards
              --profile         CPU-profile every JVM over the measured interval (async-profiler): flame graphs and
                                collapsed stacks in <run dir>/bench/profile-<time>/, a summary in the output and the JSON;
                                and PostgreSQL's execution time per database with its costliest statements (pg_stat_statements)
              --instances SERVICE=N[,SERVICE=N]  start N instances of a service (as for deploy/local/stack run)
              --direct          place orders on the order service's instances in turn instead of through the
                                gateway (the public address, default): the gateway's own cost left out
            Uses the running system (deploy/local/stack run, or a previous bench --keep); otherwise starts it
            with the services' own configuration and stops it at the end.
            """;

    private static final Set<String> TERMINAL = Set.of("OrderConfirmed", "OrderRejected", "OrderCancelled");
    private static final int OPEN_LOOP_MAX_IN_FLIGHT = 4000;
    /** How many of each database's costliest statements --profile reports. */
    private static final int STATEMENTS_PER_DATABASE = 6;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What to run. */
    record Options(int orders, int concurrency, double rate, int durationSeconds, int warmup, int products,
                   int customers, boolean ceilings, Path out, int timeoutSeconds, Path dir, boolean keep,
                   Map<String, Integer> instances, boolean profile, boolean direct) {
        boolean openLoop() {
            return rate > 0;
        }

        int measuredOrders() {
            return openLoop() ? (int) Math.round(rate * durationSeconds) : orders;
        }
    }

    /** The stream's verdict on one order: when it was placed and when and how it ended (order service's clock). */
    record Terminal(String type, long atMillis) {
    }

    private final LocalStack stack;
    /** Where the orders go: the gateway (it spreads them over the order service's instances), or with --direct every instance in turn. */
    private final List<String> orderUrls;
    private final Options options;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** The stack's tools' tokens (operator): the benchmark places orders for its customers, as a shop's back office would. */
    private final Tokens tokens;
    private final JsonHttp seedHttp;
    private final Random random = new Random(42);
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private final Map<String, Long> placedAt = new ConcurrentHashMap<>();
    private final Map<String, Terminal> terminal = new ConcurrentHashMap<>();
    private final AtomicBoolean observing = new AtomicBoolean(true);

    Bench(LocalStack stack, Options options, PrintStream out) {
        this.stack = stack;
        this.orderUrls = options.direct() ? stack.instanceUrls("order") : List.of(stack.gatewayUrl());
        this.tokens = stack.toolTokens();
        this.seedHttp = new JsonHttp(tokens);
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            return 2;
        }
        String repo = System.getProperty("orderflow.repo");
        if (repo == null) {
            System.err.println("the benchmark needs the repository checkout (orderflow.repo): run it as deploy/local/bench");
            return 2;
        }
        LocalStack stack = new LocalStack(StackConfig.defaults(options.dir().toAbsolutePath().normalize()), Path.of(repo),
                ServiceOptions.defaults().withInstances(options.instances()));
        return run(stack, options, System.out);
    }

    /**
     * Runs the benchmark on a stack whose services run already (the system tests' smoke run of it),
     * with the options of the command line; returns the exit code.
     */
    public static int run(LocalStack stack, PrintStream out, String... args) {
        return run(stack, parse(args), out);
    }

    private static int run(LocalStack stack, Options options, PrintStream out) {
        try {
            return new Bench(stack, options, out).execute();
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
    }

    /** One driven batch of orders: which ids the API gave, and how each request went. */
    private static final class Drive {
        final Set<String> ids = ConcurrentHashMap.newKeySet();
        final ConcurrentLinkedQueue<Long> postNanos = new ConcurrentLinkedQueue<>();
        final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicLong sent = new AtomicLong();
        volatile long firstSendNanos;
        volatile long lastAnswerNanos;
        volatile String firstError;
    }

    int execute() {
        boolean started = ensureRunning();
        try {
            Map<String, Object> report = benchmark();
            Path file = options.out() != null ? options.out()
                    : stack.config().runDir().resolve("bench").resolve("bench-" + Instant.now().toString().replace(':', '-') + ".json");
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writeValue(file.toFile(), report);
            out.println("written: " + file);
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            observing.set(false);
            if (started && !options.keep()) {
                out.println("stopping the system the benchmark started ...");
                StackCli.sayIfCachesAreRecorded(stack, out);
                stack.down();
            }
        }
    }

    /**
     * Starts what does not run of the stack and the services; true if nothing ran before, so that the
     * benchmark stops the system it started (and never one that someone else runs, even in part).
     */
    private boolean ensureRunning() {
        List<LocalStack.Status> status = stack.status();
        if (status.stream().allMatch(LocalStack.Status::running)) {
            out.println("using the running system in " + stack.config().runDir());
            return false;
        }
        boolean nothingRan = status.stream().noneMatch(LocalStack.Status::running);
        out.println((nothingRan ? "starting the system in " : "starting what is not running in ") + stack.config().runDir() + " ...");
        try {
            stack.up();
            stack.startServices();
        } catch (RuntimeException e) {
            if (nothingRan) { // what did start is the benchmark's: nobody else stops it
                out.println("the system did not come up; stopping what the benchmark started ...");
                stack.down();
            }
            throw e;
        }
        return nothingRan;
    }

    private Map<String, Object> benchmark() {
        List<String> skus = seedProducts();
        List<String> customers = seedCustomers();
        Thread observer = startObserver();
        awaitReplicas(customers, skus);

        int warmup = Math.min(options.warmup(), Math.max(0, options.measuredOrders() / 5));
        if (warmup > 0) {
            out.printf(Locale.ROOT, "warm-up: %d orders, %d in flight (not counted) ...%n", warmup, options.concurrency());
            Drive w = closedLoop(warmup, options.concurrency(), customers, skus, "warm-up");
            awaitTerminal(w, "warm-up");
        }

        ProcessMeter meter = new ProcessMeter(processes());
        CpuProfiler profiler = options.profile() ? new CpuProfiler(stack.config().runDir().resolve("bench")
                .resolve("profile-" + Instant.now().toString().replace(':', '-'))) : null;
        if (profiler != null) {
            List<String> skipped = profiler.start(processes());
            out.println("profiling every JVM" + (skipped.isEmpty() ? "" : " (not: " + String.join(", ", skipped) + ")"));
        }
        StatementStatistics statements = options.profile() ? stack.statementStatistics() : null;
        if (statements != null) {
            try {
                statements.reset();
            } catch (IllegalStateException e) { // a PostgreSQL started before the stack preloaded the library
                out.println("no statement statistics (restart the stack to have them): " + e.getMessage());
                statements = null;
            }
        }
        double benchCpu0 = ProcessMeter.ownCpuSeconds();
        meter.start();
        Drive drive;
        out.println("placing orders through " + (options.direct() ? "the order service's instances in turn: " : "the gateway: ")
                + String.join(", ", orderUrls));
        if (options.openLoop()) {
            out.printf(Locale.ROOT, "open loop: %.0f orders/s for %d s (%d orders) ...%n", options.rate(),
                    options.durationSeconds(), options.measuredOrders());
            drive = openLoop(options.rate(), options.measuredOrders(), customers, skus, meter);
        } else {
            out.printf(Locale.ROOT, "closed loop: %d orders, %d in flight ...%n", options.orders(), options.concurrency());
            drive = closedLoop(options.orders(), options.concurrency(), customers, skus, "measured");
        }
        boolean allEnded = awaitTerminal(drive, "measured", meter);
        Map<String, ProcessMeter.Usage> usage = meter.stop();
        double benchCpu = ProcessMeter.ownCpuSeconds() - benchCpu0;
        List<CpuProfiler.Summary> profiles = profiler != null ? profiler.stop() : List.of();
        List<StatementStatistics.Database> databases = statements != null ? statements.read(STATEMENTS_PER_DATABASE) : List.of();
        observing.set(false);
        joinQuietly(observer);

        Ceilings.Figures ceilings = options.ceilings() ? measureCeilings() : null;
        Map<String, Object> report = report(drive, allEnded, usage, benchCpu, ceilings);
        if (profiler != null) {
            report.put("profiles", profiles);
            printProfiles(profiles, profiler);
            report.put("statements", statementsReport(databases, drive.ids.size()));
        }
        return report;
    }

    // ---- seeding -------------------------------------------------------------------------------------------

    private List<String> seedProducts() {
        String catalog = stack.serviceUrl("catalog");
        String inventory = stack.serviceUrl("inventory");
        List<String> skus = new ArrayList<>();
        for (int i = 1; i <= options.products(); i++) {
            String sku = String.format(Locale.ROOT, "BENCH-%03d", i);
            // 409: the product exists from an earlier run; its price is whatever it was then.
            seedHttp.post(catalog + "/products", Map.of("sku", sku, "name", "Bench product " + i,
                    "priceMinor", 500 + 37 * i, "currency", "EUR"), 201, 409);
            // Enough that no order of any run is refused for stock: the benchmark measures the happy path.
            seedHttp.put(inventory + "/stock/" + sku, Map.of("available", 50_000_000, "reason", "benchmark stock"), 200);
            skus.add(sku);
        }
        out.printf(Locale.ROOT, "seeded %d products with stock%n", skus.size());
        return skus;
    }

    private List<String> seedCustomers() {
        String url = stack.serviceUrl("customer") + "/customers";
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= options.customers(); i++) {
            Map<String, Object> body = Map.of("name", "Bench Customer " + i,
                    "email", "bench" + i + "." + run + "@bench.orderflow.example", "tier", "STANDARD",
                    "addresses", List.of(Map.of("recipient", "Bench Customer " + i, "line1", i + " Bench Street",
                            "postalCode", "10115", "city", "Berlin", "country", "DE")),
                    "payment", Map.of("method", "CARD", "token", "tok_visa_bench_" + i));
            ids.add(seedHttp.post(url, body, 201).path("id").asText());
        }
        out.printf(Locale.ROOT, "seeded %d customers%n", ids.size());
        return ids;
    }

    /** Places one order per customer with every product, retrying while the order service's replicas catch up. */
    private void awaitReplicas(List<String> customers, List<String> skus) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Drive probes = new Drive();
        probes.firstSendNanos = System.nanoTime(); // the progress line counts from here (it showed the JVM's uptime)
        for (String customer : customers) {
            Map<String, Object> body = Map.of("customerId", customer,
                    "lines", skus.stream().map(s -> Map.of("sku", s, "quantity", 1)).toList());
            while (true) {
                HttpResponse<String> r = seedHttp.send("POST", stack.serviceUrl("order") + "/orders", body,
                        UUID.randomUUID().toString());
                if (r.statusCode() == 201) {
                    probes.ids.add(JsonHttp.json(r).path("id").asText());
                    break;
                }
                if (r.statusCode() != 422 || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the order service does not take orders: " + r.statusCode() + " " + r.body());
                }
                Readiness.pause(200);
            }
        }
        awaitTerminal(probes, "replicas");
    }

    // ---- driving -------------------------------------------------------------------------------------------

    private Drive closedLoop(int count, int concurrency, List<String> customers, List<String> skus, String phase) {
        Drive drive = new Drive();
        Semaphore slots = new Semaphore(concurrency);
        Progress progress = new Progress(drive, phase, count, null);
        for (int i = 0; i < count; i++) {
            slots.acquireUninterruptibly();
            send(drive, body(customers, skus)).whenComplete((r, e) -> slots.release());
            progress.tick();
        }
        slots.acquireUninterruptibly(concurrency);
        return drive;
    }

    private Drive openLoop(double rate, int count, List<String> customers, List<String> skus, ProcessMeter meter) {
        Drive drive = new Drive();
        Progress progress = new Progress(drive, "measured", count, meter);
        long period = (long) (1e9 / rate);
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = t0 + i * period;
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(Math.min(due - now, 1_000_000));
            }
            while (drive.inFlight.get() >= OPEN_LOOP_MAX_IN_FLIGHT) {
                LockSupport.parkNanos(1_000_000); // the system is not keeping up: the achieved rate shows it
            }
            send(drive, body(customers, skus));
            progress.tick();
        }
        while (drive.inFlight.get() > 0) {
            Readiness.pause(20);
        }
        return drive;
    }

    private String body(List<String> customers, List<String> skus) {
        int lines;
        List<String> chosen = new ArrayList<>(skus);
        StringBuilder json = new StringBuilder();
        synchronized (random) {
            lines = 1 + random.nextInt(3);
            java.util.Collections.shuffle(chosen, random);
            json.append("{\"customerId\":\"").append(customers.get(random.nextInt(customers.size()))).append("\",\"lines\":[");
            for (int l = 0; l < lines; l++) {
                json.append(l == 0 ? "" : ",").append("{\"sku\":\"").append(chosen.get(l))
                        .append("\",\"quantity\":").append(1 + random.nextInt(3)).append('}');
            }
        }
        return json.append("]}").toString();
    }

    private CompletableFuture<HttpResponse<String>> send(Drive drive, String body) {
        String orderUrl = orderUrls.get((int) (drive.sent.get() % orderUrls.size()));
        HttpRequest request = HttpRequest.newBuilder(URI.create(orderUrl + "/orders"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .header("Authorization", "Bearer " + tokens.get())
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        long t0 = System.nanoTime();
        if (drive.sent.getAndIncrement() == 0) {
            drive.firstSendNanos = t0;
        }
        drive.inFlight.incrementAndGet();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
            long t1 = System.nanoTime();
            drive.lastAnswerNanos = t1;
            drive.inFlight.decrementAndGet();
            if (e != null) {
                drive.errors.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
                if (drive.firstError == null) {
                    drive.firstError = e.toString();
                }
            } else if (r.statusCode() == 201) {
                drive.postNanos.add(t1 - t0);
                drive.ids.add(orderId(r.body()));
            } else {
                drive.errors.computeIfAbsent("HTTP " + r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                if (drive.firstError == null) {
                    drive.firstError = r.statusCode() + " " + r.body();
                }
            }
        });
    }

    /** The order's id from the API's answer, without a JSON tree per order (the client must not be the bottleneck). */
    private static String orderId(String body) {
        int key = body.indexOf("\"id\":\"");
        return body.substring(key + 6, body.indexOf('"', key + 6));
    }

    // ---- following -----------------------------------------------------------------------------------------

    /** Follows the orders stream from its current end: when each order was placed and how it ended. */
    private Thread startObserver() {
        Map<String, Object> props = new LinkedHashMap<>(stack.kafkaAdmin());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor("orders").stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before any order is placed
        Thread thread = new Thread(() -> {
            try (consumer) {
                while (observing.get()) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        observe(record);
                    }
                }
            }
        }, "bench-observer");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void observe(ConsumerRecord<String, byte[]> record) {
        String type = header(record, CloudEventHeaders.TYPE);
        if (type == null || record.key() == null) {
            return;
        }
        String simple = type.substring(type.lastIndexOf('.') + 1);
        long at = record.timestamp();
        String time = header(record, CloudEventHeaders.TIME);
        if (time != null) {
            try {
                at = Instant.parse(time).toEpochMilli();
            } catch (DateTimeParseException ignored) {
                // keep the record's timestamp
            }
        }
        if (simple.equals("OrderPlaced")) {
            placedAt.putIfAbsent(record.key(), at);
        } else if (TERMINAL.contains(simple)) {
            terminal.putIfAbsent(record.key(), new Terminal(simple, at));
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String key) {
        Header h = record.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private boolean awaitTerminal(Drive drive, String phase) {
        return awaitTerminal(drive, phase, null);
    }

    /** Waits until every order the drive placed has its terminal event, or the timeout passes. */
    private boolean awaitTerminal(Drive drive, String phase, ProcessMeter meter) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.timeoutSeconds());
        Progress progress = new Progress(drive, phase, drive.ids.size(), meter);
        while (true) {
            long ended = drive.ids.stream().filter(terminal::containsKey).count();
            if (ended == drive.ids.size()) {
                progress.line(true);
                return true;
            }
            if (System.nanoTime() > deadline) {
                progress.line(true);
                out.printf(Locale.ROOT, "%s: %d orders did not end within %d s%n", phase, drive.ids.size() - ended,
                        options.timeoutSeconds());
                return false;
            }
            progress.tick();
            Readiness.pause(200);
        }
    }

    /** A progress line on stderr about once a second. */
    private final class Progress {
        final Drive drive;
        final String phase;
        final int planned;
        final ProcessMeter meter;
        final long t0 = System.nanoTime();
        long next = t0;

        Progress(Drive drive, String phase, int planned, ProcessMeter meter) {
            this.drive = drive;
            this.phase = phase;
            this.planned = planned;
            this.meter = meter;
        }

        void tick() {
            if (System.nanoTime() >= next) {
                line(false);
            }
        }

        void line(boolean last) {
            next = System.nanoTime() + 1_000_000_000L;
            if (meter != null) {
                meter.sample();
            }
            double seconds = Math.max(1e-9, (System.nanoTime() - drive.firstSendNanos) / 1e9);
            long ended = drive.ids.stream().filter(terminal::containsKey).count();
            long confirmed = drive.ids.stream().map(terminal::get).filter(t -> t != null && t.type().equals("OrderConfirmed")).count();
            int errors = drive.errors.values().stream().mapToInt(AtomicInteger::get).sum();
            System.err.printf(Locale.ROOT, "\r  %-8s %6.1f s  placed %7d/%-7d (%5.0f/s)  ended %7d (%5.0f/s)  confirmed %7d  in flight %5d  errors %d   %s",
                    phase, seconds, drive.ids.size(), planned, drive.ids.size() / seconds, ended, ended / seconds, confirmed,
                    drive.inFlight.get(), errors, last ? "\n" : "");
        }
    }

    // ---- measuring and reporting ---------------------------------------------------------------------------

    /** The process tree of every component of the system, by name. */
    private Map<String, ProcessHandle> processes() {
        Map<String, ProcessHandle> roots = new LinkedHashMap<>();
        for (LocalStack.Status s : stack.status()) {
            s.pid().flatMap(ProcessHandle::of).ifPresent(p -> roots.put(s.component(), p));
        }
        return roots;
    }

    private Ceilings.Figures measureCeilings() {
        out.println("ceilings: raw Kafka producer (acks=all, idempotent) and PostgreSQL single-row transactions, 10 s each ...");
        return new Ceilings(stack).measure(Duration.ofSeconds(10));
    }

    private Map<String, Object> report(Drive drive, boolean allEnded, Map<String, ProcessMeter.Usage> usage, double benchCpu,
                                       Ceilings.Figures ceilings) {
        int placed = drive.ids.size();
        long[] post = drive.postNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        double placeSeconds = (drive.lastAnswerNanos - drive.firstSendNanos) / 1e9;
        List<Long> e2e = new ArrayList<>();
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        long firstSendMillis = System.currentTimeMillis() - (System.nanoTime() - drive.firstSendNanos) / 1_000_000;
        long lastEnd = firstSendMillis;
        for (String id : drive.ids) {
            Terminal t = terminal.get(id);
            if (t == null) {
                outcomes.merge("(not ended)", 1, Integer::sum);
                continue;
            }
            outcomes.merge(statusOf(t.type()), 1, Integer::sum);
            lastEnd = Math.max(lastEnd, t.atMillis());
            Long p = placedAt.get(id);
            if (p != null) {
                e2e.add(t.atMillis() - p);
            }
        }
        long[] latency = e2e.stream().mapToLong(Long::longValue).sorted().toArray();
        double endToEndSeconds = Math.max(1e-3, (lastEnd - firstSendMillis) / 1000.0);
        double cpuTotal = usage.values().stream().mapToDouble(ProcessMeter.Usage::cpuSeconds).sum();

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("at", Instant.now().toString());
        report.put("mode", options.openLoop() ? "open" : "closed");
        report.put("placedThrough", options.direct() ? "order instances" : "gateway");
        report.put("orders", options.measuredOrders());
        report.put(options.openLoop() ? "rate" : "concurrency", options.openLoop() ? options.rate() : options.concurrency());
        if (options.openLoop()) {
            report.put("durationSeconds", options.durationSeconds());
        }
        report.put("placed", placed);
        report.put("allEnded", allEnded);
        report.put("outcomes", outcomes);
        report.put("errors", drive.errors.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get())));
        report.put("placementOrdersPerSecond", round(placed / placeSeconds));
        report.put("endToEndOrdersPerSecond", round(placed / endToEndSeconds));
        report.put("endToEndSeconds", round(endToEndSeconds));
        report.put("postLatencyMs", Map.of("p50", ms(percentile(post, 50)), "p99", ms(percentile(post, 99))));
        report.put("placedToTerminalMs", Map.of("p50", percentile(latency, 50), "p90", percentile(latency, 90),
                "p99", percentile(latency, 99), "max", latency.length == 0 ? 0 : latency[latency.length - 1]));
        report.put("cpuMsPerOrder", round(cpuTotal * 1000 / Math.max(1, placed)));
        List<Map<String, Object>> processes = new ArrayList<>();
        for (ProcessMeter.Usage u : usage.values()) {
            processes.add(Map.of("name", u.component(), "cpuSeconds", round(u.cpuSeconds()),
                    "cpuMsPerOrder", round(u.cpuSeconds() * 1000 / Math.max(1, placed)), "peakMemoryMiB", u.peakMemoryKb() / 1024));
        }
        report.put("processes", processes);
        report.put("benchClientCpuSeconds", round(benchCpu));
        report.put("aotCache", stack.aotCaches());
        if (ceilings != null) {
            Map<String, Object> c = new LinkedHashMap<>(Ceilings.asJson(ceilings));
            // An order is about eight published events and one placing transaction plus about a dozen consuming ones.
            c.put("endToEndAsShareOfKafkaCeiling", round(placed / endToEndSeconds * 8 / ceilings.kafkaRecordsPerSecond()));
            report.put("ceilings", c);
        }
        if (drive.firstError != null) {
            report.put("firstError", drive.firstError);
        }
        print(report, usage, placed);
        return report;
    }

    private void print(Map<String, Object> r, Map<String, ProcessMeter.Usage> usage, int placed) {
        out.println();
        out.printf(Locale.ROOT, "orders placed          %d of %d (%s), outcomes %s, errors %s%n", placed, options.measuredOrders(),
                r.get("mode") + " loop", r.get("outcomes"), r.get("errors"));
        out.printf(Locale.ROOT, "placement rate         %s orders/s   POST p50 %s ms, p99 %s ms%n", r.get("placementOrdersPerSecond"),
                ((Map<?, ?>) r.get("postLatencyMs")).get("p50"), ((Map<?, ?>) r.get("postLatencyMs")).get("p99"));
        Map<?, ?> l = (Map<?, ?>) r.get("placedToTerminalMs");
        out.printf(Locale.ROOT, "end to end             %s orders/s   (first POST to last order ended: %s s)%n",
                r.get("endToEndOrdersPerSecond"), r.get("endToEndSeconds"));
        out.printf(Locale.ROOT, "placed -> terminal     p50 %s ms, p90 %s ms, p99 %s ms, max %s ms%n", l.get("p50"), l.get("p90"),
                l.get("p99"), l.get("max"));
        out.printf(Locale.ROOT, "CPU per order          %s ms over all processes%n", r.get("cpuMsPerOrder"));
        out.printf(Locale.ROOT, "  %-16s %10s %12s %12s%n", "process", "CPU s", "CPU ms/order", "peak MiB");
        for (ProcessMeter.Usage u : usage.values()) {
            out.printf(Locale.ROOT, "  %-16s %10.1f %12.2f %12d%n", u.component(), u.cpuSeconds(),
                    u.cpuSeconds() * 1000 / Math.max(1, placed), u.peakMemoryKb() / 1024);
        }
        out.printf(Locale.ROOT, "  %-16s %10s (the load generator, not counted)%n", "bench client", r.get("benchClientCpuSeconds"));
        out.println("AOT cache              " + r.get("aotCache"));
        if (r.get("ceilings") instanceof Map<?, ?> c) {
            out.printf(Locale.ROOT, "ceilings               Kafka producer %s records/s (%s B, acks=all), PostgreSQL %s tx/s (%s connections)%n",
                    c.get("kafkaProducerRecordsPerSecond"), c.get("kafkaRecordBytes"), c.get("postgresTransactionsPerSecond"),
                    c.get("postgresConnections"));
        }
        if (r.get("firstError") != null) {
            out.println("first error            " + r.get("firstError"));
        }
    }

    private void printProfiles(List<CpuProfiler.Summary> profiles, CpuProfiler profiler) {
        out.println("CPU profiles           flame graphs and collapsed stacks in " + profiler.dir());
        for (CpuProfiler.Summary p : profiles) {
            out.printf(Locale.ROOT, "  %s (%d samples)%n    threads: %s%n", p.component(), p.samples(), shares(p.threadShares()));
            out.printf(Locale.ROOT, "    methods: %s%n", shares(p.hottestMethods()));
        }
    }

    /** PostgreSQL's time per database and its costliest statements, per order (printed and returned for the JSON). */
    private List<Map<String, Object>> statementsReport(List<StatementStatistics.Database> databases, int orders) {
        int n = Math.max(1, orders);
        out.println("PostgreSQL statements  execution time per order by database, and its costliest statements"
                + " (per order: calls, ms; ms per call, rows per call)");
        List<Map<String, Object>> json = new ArrayList<>();
        for (StatementStatistics.Database d : databases) {
            out.printf(Locale.ROOT, "  %s: %.2f statements, %.3f ms per order%n", d.name(), d.calls() / (double) n, d.executionMs() / n);
            d.costliest().forEach(c -> out.println("    " + StatementStatistics.format(c, n)));
            json.add(Map.of("database", d.name(), "statementsPerOrder", round(d.calls() / (double) n),
                    "executionMsPerOrder", round(d.executionMs() / n),
                    "costliest", d.costliest().stream().map(c -> StatementStatistics.perOrder(c, n)).toList()));
        }
        return json;
    }

    private static String shares(Map<String, Double> shares) {
        return shares.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + "%").collect(Collectors.joining(", "));
    }

    private static String statusOf(String terminalType) {
        return switch (terminalType) {
            case "OrderConfirmed" -> "CONFIRMED";
            case "OrderCancelled" -> "CANCELLED";
            default -> "REJECTED"; // rejected, failed or expired: the order's reason tells which
        };
    }

    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(long nanos) {
        return round(nanos / 1e6);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }


    private static void joinQuietly(Thread thread) {
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- options -------------------------------------------------------------------------------------------

    static Options parse(String[] args) {
        Deque<String> rest = new ArrayDeque<>(Arrays.asList(args));
        int orders = 20_000;
        int concurrency = 64;
        double rate = 0;
        int duration = 0;
        int warmup = 1000;
        int products = 20;
        int customers = 20;
        boolean ceilings = true;
        Path outFile = null;
        int timeout = 600;
        String configured = System.getenv("ORDERFLOW_STACK_DIR");
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("orderflow.stack.run-dir", ".run"));
        boolean keep = false;
        boolean profile = false;
        boolean direct = false;
        Map<String, Integer> instances = Map.of();
        while (!rest.isEmpty()) {
            String option = rest.pop();
            switch (option) {
                case "--orders" -> orders = positive(option, rest);
                case "--concurrency" -> concurrency = positive(option, rest);
                case "--rate" -> rate = positive(option, rest);
                case "--duration" -> duration = positive(option, rest);
                case "--warmup" -> warmup = Integer.parseInt(value(option, rest));
                case "--products" -> products = positive(option, rest);
                case "--customers" -> customers = positive(option, rest);
                case "--no-ceilings" -> ceilings = false;
                case "--out" -> outFile = Path.of(value(option, rest));
                case "--timeout" -> timeout = positive(option, rest);
                case "--dir" -> dir = Path.of(value(option, rest));
                case "--keep" -> keep = true;
                case "--profile" -> profile = true;
                case "--direct" -> direct = true;
                case "--instances" -> instances = ServiceOptions.parseInstances(value(option, rest));
                case "-h", "--help" -> throw new IllegalArgumentException("");
                default -> throw new IllegalArgumentException("unknown option: " + option);
            }
        }
        if ((rate > 0) != (duration > 0)) {
            throw new IllegalArgumentException("an open loop needs both --rate and --duration");
        }
        return new Options(orders, concurrency, rate, duration, warmup, products, customers, ceilings, outFile, timeout, dir, keep,
                instances, profile, direct);
    }

    private static String value(String option, Deque<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.pop();
    }

    private static int positive(String option, Deque<String> rest) {
        String v = value(option, rest);
        try {
            int n = Integer.parseInt(v);
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a positive whole number, not " + v);
        }
    }
}
