package dev.orderflow.stack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The stack of a test JVM: started on first use on free ports under target/test-stack (or
 * {@code -Dorderflow.test-stack.dir}), shared by every test class and test profile of the JVM,
 * stopped at JVM exit.
 * Whatever a killed earlier run left in that directory is stopped and wiped first.
 */
public final class SharedTestStack {

    private static LocalStack stack;

    private SharedTestStack() {
    }

    public static synchronized LocalStack get() {
        if (stack == null) {
            Path dir = Path.of(System.getProperty("orderflow.test-stack.dir", "target/test-stack")).toAbsolutePath();
            // Quarkus loads this class again for each test profile; the JVM's system properties
            // remember the stack this JVM started, so every class loader finds the same one.
            String key = "orderflow.test-stack.ports:" + dir;
            String started = System.getProperty(key);
            if (started != null) {
                LocalStack running = new LocalStack(StackConfig.onPorts(dir,
                        Arrays.stream(started.split(",")).mapToInt(Integer::parseInt).toArray()));
                if (running.isRunning()) {
                    stack = running;
                    return stack;
                }
            }
            new LocalStack(StackConfig.onFreePorts(dir)).reset();
            LocalStack fresh = new LocalStack(StackConfig.onFreePorts(dir));
            Runtime.getRuntime().addShutdownHook(new Thread(fresh::down, "test-stack-shutdown"));
            fresh.up();
            System.setProperty(key, Arrays.stream(fresh.config().ports()).mapToObj(Integer::toString)
                    .collect(Collectors.joining(",")));
            stack = fresh;
        }
        return stack;
    }
}
