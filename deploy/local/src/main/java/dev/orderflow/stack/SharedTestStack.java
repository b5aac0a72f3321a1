package dev.orderflow.stack;

import java.nio.file.Path;

/**
 * The stack of a test JVM: started on first use on free ports under target/test-stack (or
 * {@code -Dorderflow.test-stack.dir}), shared by every test class of the JVM, stopped at JVM exit.
 * Whatever a killed earlier run left in that directory is stopped and wiped first.
 */
public final class SharedTestStack {

    private static LocalStack stack;

    private SharedTestStack() {
    }

    public static synchronized LocalStack get() {
        if (stack == null) {
            Path dir = Path.of(System.getProperty("orderflow.test-stack.dir", "target/test-stack")).toAbsolutePath();
            new LocalStack(StackConfig.onFreePorts(dir)).reset();
            LocalStack fresh = new LocalStack(StackConfig.onFreePorts(dir));
            Runtime.getRuntime().addShutdownHook(new Thread(fresh::down, "test-stack-shutdown"));
            fresh.up();
            stack = fresh;
        }
        return stack;
    }
}
