package dev.orderflow.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** One piece of infrastructure of the local stack, run as its own process. */
interface Component {

    String name();

    /** Where clients reach it. */
    String address();

    /** Its live process, if it runs (started by this launcher or an earlier one). */
    Optional<ProcessHandle> process();

    /** Starts it unless it already runs; does not wait for readiness. */
    void start();

    /** Blocks until it answers as a client would use it; fails with its log tail if it dies or times out. */
    void awaitReady(Duration timeout);

    /** Stops it and everything it started; a no-op when it is not running. */
    void stop();

    Path log();

    /** The java launcher of the JVM running this code (JDK 21+), reused for the stack's own JVMs. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
