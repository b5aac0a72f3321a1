package dev.orderflow.stack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * {@code deploy/local/stack up|down|status|run|reset [--dir DIR] [--fresh]}: the command line of the
 * local stack. Exit codes: 0 done, 1 failed, 2 wrong usage.
 */
public final class StackCli {

    private static final String USAGE = """
            usage: deploy/local/stack <command> [--dir DIR] [--fresh] [--once] [--instances SERVICE=N]
              up      start Kafka, Apicurio Registry and PostgreSQL (what is not running yet); return when ready
              run     up, start the services, play the demo (orders designed to end in every terminal status,
                      followed live), then keep everything running until Ctrl-C and stop it all
              status  show each component's address, pid and memory
              down    stop everything; leaves no process behind
              reset   down, then delete the run directory (all data and logs)
              bench   the whole-system benchmark (deploy/local/bench --help)
              import  import a file of orders into the running system (deploy/local/import --help)
            options:
              --dir DIR  run directory (default: deploy/local/.run, or $ORDERFLOW_STACK_DIR)
              --fresh    with up/run: delete the run directory first
              --once     with run: stop everything after the demo; exit 0 only if every order ended as designed
              --instances SERVICE=N[,SERVICE=N]  with run: N instances of a service (one database and consumer
                         group, the partitions shared; instance n listens on the first one's port + 10 (n - 1))
            ports (environment): ORDERFLOW_KAFKA_PORT (9092), ORDERFLOW_CONTROLLER_PORT (9093),
              ORDERFLOW_REGISTRY_PORT (8090), ORDERFLOW_REGISTRY_MANAGEMENT_PORT (8091), ORDERFLOW_POSTGRES_PORT (5433),
              ORDERFLOW_PAYMENT_GATEWAY_PORT (8095), ORDERFLOW_CARRIER_PORT (8096), ORDERFLOW_SMTP_PORT (3025),
              ORDERFLOW_MAIL_API_PORT (8097); the services listen on 8101-8107
            """;

    private StackCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        Deque<String> rest = new ArrayDeque<>(List.of(args));
        if (rest.isEmpty()) {
            System.err.print(USAGE);
            return 2;
        }
        String command = rest.pop();
        if (command.equals("bench")) {
            return Bench.run(rest.toArray(String[]::new));
        }
        if (command.equals("import")) {
            return Importer.run(rest.toArray(String[]::new), defaultRunDir());
        }
        Path dir = defaultRunDir();
        boolean fresh = false;
        boolean once = false;
        Map<String, Integer> instances = Map.of();
        while (!rest.isEmpty()) {
            String option = rest.pop();
            switch (option) {
                case "--dir" -> {
                    if (rest.isEmpty()) {
                        System.err.println("--dir needs a directory");
                        return 2;
                    }
                    dir = Path.of(rest.pop());
                }
                case "--fresh" -> fresh = true;
                case "--once" -> once = true;
                case "--instances" -> {
                    try {
                        instances = ServiceOptions.parseInstances(rest.isEmpty() ? "" : rest.pop());
                    } catch (IllegalArgumentException e) {
                        System.err.println(e.getMessage());
                        return 2;
                    }
                }
                default -> {
                    System.err.println("unknown option: " + option);
                    System.err.print(USAGE);
                    return 2;
                }
            }
        }
        String repo = System.getProperty("orderflow.repo");
        LocalStack stack = new LocalStack(StackConfig.defaults(dir.toAbsolutePath().normalize()),
                repo == null ? null : Path.of(repo), ServiceOptions.defaults().with(Demo.SERVICE_PROPERTIES).withInstances(instances));
        try {
            switch (command) {
                case "up" -> {
                    up(stack, fresh);
                    printStatus(stack);
                    return 0;
                }
                case "run" -> {
                    return runDemo(stack, fresh, once);
                }
                case "status" -> {
                    printStatus(stack);
                    return stack.isRunning() ? 0 : 3; // 3: the infrastructure is not (all) running
                }
                case "down" -> {
                    sayIfCachesAreRecorded(stack, System.out);
                    stack.down();
                    System.out.println("stopped: no process of the stack in " + stack.config().runDir() + " is left");
                    return 0;
                }
                case "reset" -> {
                    stack.reset();
                    System.out.println("stopped and deleted " + stack.config().runDir());
                    return 0;
                }
                default -> {
                    System.err.println("unknown command: " + command);
                    System.err.print(USAGE);
                    return 2;
                }
            }
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
    }

    /** A first run of a build ends with each service writing its AOT cache (see ServiceProcess): say why stopping takes a while. */
    static void sayIfCachesAreRecorded(LocalStack stack, PrintStream out) {
        List<String> recording = stack.aotCaches().entrySet().stream().filter(e -> e.getValue().equals("recording"))
                .map(Map.Entry::getKey).toList();
        if (!recording.isEmpty()) {
            out.println("first run of this build: " + String.join(", ", recording)
                    + " write their AOT caches on the way out (about a minute; the next start is faster)");
        }
    }

    private static void up(LocalStack stack, boolean fresh) {
        if (fresh) {
            stack.reset();
        }
        long t0 = System.nanoTime();
        System.out.println("starting the local stack in " + stack.config().runDir() + " ...");
        List<LocalStack.Started> started = stack.up();
        for (LocalStack.Started s : started) {
            System.out.printf(Locale.ROOT, "  %-15s %s%n", s.component(),
                    s.reused() ? "already running" : "ready after " + seconds(s.readyAfter()));
        }
        System.out.printf(Locale.ROOT, "stack ready in %s%n", seconds(Duration.ofNanos(System.nanoTime() - t0)));
    }

    /**
     * Starts everything, plays the demo, then keeps the system running until Ctrl-C ({@code once}:
     * stops it right after the demo). Exits 0 only if every demo order ended as designed.
     */
    private static int runDemo(LocalStack stack, boolean fresh, boolean once) {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            System.out.println("\nstopping the local stack ...");
            try {
                sayIfCachesAreRecorded(stack, System.out);
                stack.down();
                System.out.println("stopped.");
            } finally {
                stopped.countDown();
            }
        }, "stack-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long t0 = System.nanoTime();
        boolean asDesigned;
        try {
            up(stack, fresh);
            long t1 = System.nanoTime();
            System.out.println("starting the services ...");
            for (LocalStack.Started s : stack.startServices()) {
                System.out.printf(Locale.ROOT, "  %-15s %-42s %s%n", s.component(), s.address(),
                        s.reused() ? "already running" : "ready after " + seconds(s.readyAfter()));
            }
            System.out.printf(Locale.ROOT, "services ready in %s%n", seconds(Duration.ofNanos(System.nanoTime() - t1)));
            printStatus(stack);
            if (stack.hasServices()) {
                System.out.println("demo:");
                asDesigned = new Demo(stack, System.out).play().stream().allMatch(Demo.Outcome::asDesigned);
                System.out.printf(Locale.ROOT, "from start to demo done: %s%n", seconds(Duration.ofNanos(System.nanoTime() - t0)));
            } else {
                // Started without a repository checkout (orderflow.repo): the infrastructure alone, no demo.
                System.out.println("no services to run (no repository checkout given): infrastructure only; Ctrl-C stops it");
                asDesigned = true;
            }
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            return 1; // the hook stops whatever did start
        }
        if (once) {
            return asDesigned ? 0 : 1; // exiting runs the hook, which stops everything
        }
        if (!stack.hasServices()) {
            awaitQuietly(stopped);
            return 0;
        }
        String api = stack.gatewayUrl();
        System.out.printf(Locale.ROOT, """
                The system keeps running. One address for every API: %1$s (the gateway: it checks the token, limits each
                caller's rate and spreads requests over the instances). Every call wants a bearer token from Keycloak (%2$s):
                  deploy/local/token ada       # a customer (also grace); oscar: operator; fiona: finance; password = name
                  T=$(deploy/local/token ada)
                  curl -s -XPOST %1$s/customers -H "Authorization: Bearer $T" -H 'Content-Type: application/json' \
                    -d '{"name":"Ada","email":"ada@example.com","addresses":[{"recipient":"Ada","line1":"1 Main St",
                         "postalCode":"10115","city":"Berlin","country":"DE"}],"payment":{"method":"CARD","token":"tok_visa_demo"}}'
                  curl -s -XPOST %1$s/orders -H "Authorization: Bearer $T" -H 'Content-Type: application/json' \
                    -H "Idempotency-Key: $(uuidgen)" -d '{"lines":[{"sku":"MUG-1","quantity":1}]}'
                  curl -s %1$s/orders -H "Authorization: Bearer $T"                 # Ada's orders
                  curl -N %1$s/orders/<order id>/status -H "Authorization: Bearer $T"   # live status (Server-Sent Events)
                  curl -s -XPOST %1$s/orders/<order id>/cancel -H "Authorization: Bearer $T"
                  deploy/local/inject orders deploy/local/examples/order-placed.jsonl   # the console producer as operator (put a real
                                                                         # customer id and catalog prices in)
                  deploy/local/dead-letters orders
                  deploy/local/import FILE --wait                                        # a file of orders, as operator (README
                                                                         # "Importing orders")
                APIs: %1$s/products, /customers, /orders, /imports, /stock/<sku>, /payments/<order id>/transfer; each service's
                      health and metrics on its own port (deploy/local/stack status), /q/health and /q/metrics (no token)
                Press Ctrl-C to stop everything.
                """, api, stack.config().oidcUrl());
        awaitQuietly(stopped);
        return asDesigned ? 0 : 1;
    }

    private static void awaitQuietly(CountDownLatch stopped) {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void printStatus(LocalStack stack) {
        System.out.printf(Locale.ROOT, "  %-15s %-42s %-8s %s%n", "component", "address", "pid", "memory");
        for (LocalStack.Status s : stack.status()) {
            System.out.printf(Locale.ROOT, "  %-15s %-42s %-8s %s%n", s.component(), s.address(),
                    s.pid().map(String::valueOf).orElse("-"),
                    s.running() ? (s.memoryKb() / 1024) + " MiB" : "stopped");
        }
        System.out.println("  addresses: " + stack.config().runDir().resolve(LocalStack.ADDRESSES_FILE));
        System.out.println("  logs:      " + stack.config().runDir() + "/{postgres,kafka,registry,keycloak,payment-gateway,carrier,mail,services/*}/*.log");
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static Path defaultRunDir() {
        String configured = System.getenv("ORDERFLOW_STACK_DIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        // The stack script sets this to deploy/local/.run; fall back to the working directory.
        return Path.of(System.getProperty("orderflow.stack.run-dir", ".run"));
    }
}
