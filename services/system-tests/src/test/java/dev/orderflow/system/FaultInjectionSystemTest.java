package dev.orderflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.stack.JsonHttp;
import dev.orderflow.stack.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The whole system under a steady load of orders while its parts are broken on purpose, one after
 * the other: every service killed with -9 and restarted (payment runs twice, and one instance dies
 * while the other takes its partitions over), the broker and PostgreSQL killed with -9 and restarted,
 * every service sent SIGTERM while the broker is away (each must end on its own within ten seconds),
 * the payment gateway and the carrier hanging for longer than the reservations' time to live, the
 * carrier failing.
 * Afterwards every order is terminal within a bound and every invariant of DESIGN.md section 3
 * holds. Prints what it did and how long the system took to catch up after each fault.
 *
 * <p>Long (about fifteen minutes), so not part of {@code ./mvnw verify}: {@code ./mvnw verify -Pfaults
 * -pl services/system-tests} after an install. {@code -Dorderflow.faults.orders=N} sets the least load; the
 * orders keep coming at the same rate until the last fault is healed, however long restarts take.
 */
@Tag("faults")
class FaultInjectionSystemTest {

    private static final int ORDERS = Integer.getInteger("orderflow.faults.orders", 2_400);
    /** Orders placed per second. */
    private static final int RATE = Integer.getInteger("orderflow.faults.rate", 4);
    private static final String RESERVATION_TTL = "PT30S";
    /** Every order placed before a fault's end is terminal this long after it, at the latest. */
    private static final Duration CATCH_UP_BOUND = Duration.ofMinutes(5);
    /** A service sent SIGTERM ends within this, also with the broker away; later it is killed and the run fails. */
    private static final Duration SHUTDOWN_BOUND = Duration.ofSeconds(10);

    private static LocalStack stack;
    private static Shop shop;
    /** The customers who order (their lists of orders tell which are terminal). */
    private static final Set<String> CUSTOMERS = ConcurrentHashMap.newKeySet();

    record Fault(String name, Runnable inject, Duration lasting, Runnable heal) {
    }

    record Outcome(String fault, int placedBefore, double downSeconds, double caughtUpSeconds) {
    }

    @BeforeAll
    static void startEverything() {
        shop = Shop.open("fault-stack", Shop.reservationsFor(RESERVATION_TTL).withInstances(Map.of("payment", 2)));
        stack = shop.stack;
    }

    @AfterAll
    static void stopEverything() {
        if (shop != null) {
            shop.close();
        }
    }

    @Test
    void underLoadEveryFaultIsSurvivedAndEveryInvariantHolds() throws Exception {
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            skus.add(shop.product(500 + 100L * i, 100_000));
        }
        String scarce = shop.product(9_900, 40); // sold out during the run: some orders are rejected for stock
        List<Shop.Customer> customers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            customers.add(shop.customer("tok_visa_fault_" + i, "10115", i % 4 == 0 ? "GOLD" : "STANDARD"));
        }
        customers.forEach(c -> CUSTOMERS.add(c.id()));
        shop.awaitTerminal(shop.place(customers.getFirst(), Map.of(skus.getFirst(), 1))); // the replicas know everything

        String gateway = stack.config().paymentGatewayUrl();
        String carrier = stack.config().carrierUrl();
        String[] carrierOutage = new String[1];
        List<LocalStack.Stopped> shutdowns = new ArrayList<>();
        List<Fault> faults = List.of(
                restart("order", Duration.ofSeconds(5)),
                restart("inventory", Duration.ofSeconds(5)),
                new Fault("payment (1 of 2) killed -9; payment-2 takes its partitions", () -> stack.killService("payment"),
                        Duration.ofSeconds(15), () -> stack.startService("payment")),
                restart("payment-2", Duration.ofSeconds(5)),
                restart("shipping", Duration.ofSeconds(5)),
                restart("notification", Duration.ofSeconds(5)),
                restart("catalog", Duration.ofSeconds(3)),
                restart("customer", Duration.ofSeconds(3)),
                new Fault("broker stopped, then every service sent SIGTERM", () -> {
                    stack.stopKafka();
                    shutdowns.addAll(stack.stopServices(SHUTDOWN_BOUND));
                }, Duration.ofSeconds(3), () -> {
                    stack.up();
                    stack.startServices();
                }),
                new Fault("Kafka broker killed -9", stack::killKafka, Duration.ofSeconds(5), stack::up),
                new Fault("PostgreSQL killed -9", stack::killPostgres, Duration.ofSeconds(5), stack::up),
                new Fault("payment gateway hangs 40 s (TTL 30 s)", () -> shop.http.post(gateway + "/__admin/settings",
                        Map.of("fixedDelay", 40_000), 200), Duration.ofSeconds(40),
                        () -> shop.http.post(gateway + "/__admin/settings", Map.of("fixedDelay", 0), 200)),
                new Fault("carrier hangs 40 s (TTL 30 s)", () -> shop.http.post(carrier + "/__admin/settings",
                        Map.of("fixedDelay", 40_000), 200), Duration.ofSeconds(40),
                        () -> shop.http.post(carrier + "/__admin/settings", Map.of("fixedDelay", 0), 200)),
                new Fault("carrier answers 503 for 20 s", () -> carrierOutage[0] = shop.http.post(carrier + "/__admin/mappings",
                        Map.of("priority", 1, "request", Map.of("urlPattern", "/.*"),
                                "response", Map.of("status", 503, "body", "carrier outage (fault test)")), 201).path("id").asText(),
                        Duration.ofSeconds(20), () -> shop.http.send("DELETE", carrier + "/__admin/mappings/" + carrierOutage[0], null, null, 200)));

        AtomicInteger started = new AtomicInteger();
        AtomicBoolean faultsDone = new AtomicBoolean();
        List<Outcome> outcomes = new ArrayList<>();
        long t0 = System.nanoTime();
        long allPlaced;
        try (ExecutorService load = Executors.newFixedThreadPool(16)) {
            for (int worker = 0; worker < 16; worker++) {
                load.submit(() -> {
                    // At least ORDERS orders, and a steady stream until the last fault is healed, however long restarts take.
                    for (int n = started.getAndIncrement(); n < ORDERS || !faultsDone.get(); n = started.getAndIncrement()) {
                        sleep(Duration.ofNanos(Math.max(0, t0 + n * 1_000_000_000L / RATE - System.nanoTime()))); // a steady rate
                        Shop.Customer customer = customers.get(ThreadLocalRandom.current().nextInt(customers.size()));
                        Map<String, Integer> lines = new HashMap<>();
                        lines.put(skus.get(ThreadLocalRandom.current().nextInt(skus.size())), 1 + ThreadLocalRandom.current().nextInt(3));
                        if (ThreadLocalRandom.current().nextInt(10) == 0) {
                            lines.put(scarce, 1);
                        }
                        placeThroughFaults(customer, lines);
                    }
                    return null;
                });
            }
            for (Fault fault : faults) {
                sleep(Duration.ofSeconds(5)); // steady load between faults
                long injected = System.nanoTime();
                fault.inject().run();
                sleep(fault.lasting());
                fault.heal().run();
                long healed = System.nanoTime();
                Set<String> before = Set.copyOf(shop.placed.keySet());
                awaitTerminal(before, CATCH_UP_BOUND);
                Outcome outcome = new Outcome(fault.name(), before.size(), (healed - injected) / 1e9, (System.nanoTime() - healed) / 1e9);
                outcomes.add(outcome);
                System.out.printf("fault %-58s orders placed %5d  down %5.1f s  caught up %5.1f s after%n", outcome.fault(),
                        outcome.placedBefore(), outcome.downSeconds(), outcome.caughtUpSeconds());
            }
            faultsDone.set(true);
        }
        allPlaced = System.nanoTime();
        awaitTerminal(Set.copyOf(shop.placed.keySet()), CATCH_UP_BOUND);
        double runSeconds = (System.nanoTime() - t0) / 1e9;

        Map<String, Integer> byStatus = new TreeMap<>();
        long worst = 0;
        for (String id : shop.placed.keySet()) {
            JsonNode order = shop.awaitTerminal(id);
            byStatus.merge(order.path("status").asText(), 1, Integer::sum);
            worst = Math.max(worst, Duration.between(Instant.parse(order.path("placedAt").asText()),
                    Instant.parse(order.path("updatedAt").asText())).toMillis());
        }
        System.out.printf("%n%d orders under %d faults in %.0f s (all placed after %.0f s): %s; longest placed -> terminal %.1f s%n",
                shop.placed.size(), faults.size(), runSeconds, (allPlaced - t0) / 1e9, byStatus, worst / 1e3);
        System.out.println("| fault | orders placed by then | down (s) | caught up after (s) |");
        System.out.println("|---|---:|---:|---:|");
        outcomes.forEach(o -> System.out.printf("| %s | %d | %.1f | %.1f |%n", o.fault(), o.placedBefore(), o.downSeconds(), o.caughtUpSeconds()));
        System.out.printf("%nSIGTERM with the broker away (bound %d s): %s%n", SHUTDOWN_BOUND.toSeconds(), shutdowns.stream()
                .map(s -> "%s %.1f s%s".formatted(s.service(), s.took().toMillis() / 1e3, s.onItsOwn() ? "" : " (KILLED)")).toList());

        assertThat(shop.placed).hasSizeGreaterThanOrEqualTo(ORDERS);
        assertThat(shutdowns).as("every service instance (payment twice) was sent SIGTERM").hasSize(8);
        assertThat(shutdowns).as("every service ended on SIGTERM within %s with the broker away", SHUTDOWN_BOUND)
                .allMatch(LocalStack.Stopped::onItsOwn);
        assertThat(byStatus.keySet()).as("every order ended as an order can end").isSubsetOf("CONFIRMED", "REJECTED", "EXPIRED", "FAILED");
        assertThat(byStatus.getOrDefault("CONFIRMED", 0)).as("most orders went through").isGreaterThan(shop.placed.size() / 2);
        shop.assertInvariants();
    }

    private static Fault restart(String service, Duration down) {
        return new Fault(service + " killed -9", () -> stack.killService(service), down, () -> stack.startService(service));
    }

    /** Places an order as a client that keeps its idempotency key would: retrying through refusals and outages. */
    private static String placeThroughFaults(Shop.Customer customer, Map<String, Integer> lines) {
        Map<String, Object> body = shop.body(customer, lines);
        String key = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            try {
                HttpResponse<String> response = shop.http.send("POST", shop.url("order") + "/orders", body, key);
                if (response.statusCode() == 201 || response.statusCode() == 200) {
                    return shop.placed(JsonHttp.json(response).path("id").asText(), customer);
                }
                assertThat(response.statusCode()).as(response.body()).isGreaterThanOrEqualTo(500);
            } catch (RuntimeException e) {
                if (!(e.getCause() instanceof IOException) && !(e instanceof java.io.UncheckedIOException)) {
                    throw e;
                }
            }
            assertThat(System.nanoTime()).as("order placed within 5 min").isLessThan(deadline);
            sleep(Duration.ofMillis(250));
        }
    }

    private static void awaitPlaced(int count) {
        while (shop.placed.size() < count) {
            sleep(Duration.ofMillis(100));
        }
    }

    /** Waits until every one of these orders is terminal, reading the customers' order lists (a page of 200 per request). */
    private static void awaitTerminal(Set<String> ids, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            Set<String> open = ConcurrentHashMap.newKeySet();
            open.addAll(ids);
            try {
                for (String customerId : CUSTOMERS) {
                    for (int page = 0; ; page++) {
                        JsonNode list = shop.http.get(shop.url("order") + "/orders?customerId=" + customerId + "&size=200&page=" + page);
                        list.path("items").forEach(o -> {
                            if (o.path("terminal").asBoolean()) {
                                open.remove(o.path("id").asText());
                            }
                        });
                        if ((page + 1) * 200L >= list.path("total").asLong()) {
                            break;
                        }
                    }
                }
            } catch (RuntimeException e) {
                // the order service may be restarting: look again
            }
            if (open.isEmpty()) {
                return;
            }
            assertThat(System.nanoTime()).as("%d of %d orders still open, e.g. %s", open.size(), ids.size(),
                    open.stream().limit(3).toList()).isLessThan(deadline);
            sleep(Duration.ofSeconds(1));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
