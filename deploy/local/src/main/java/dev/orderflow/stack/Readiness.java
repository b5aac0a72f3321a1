package dev.orderflow.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls a readiness probe until it passes, the process dies, or time runs out. */
final class Readiness {

    private Readiness() {
    }

    /**
     * @param probe returns an empty value when ready, or why not yet
     */
    static void await(String name, Supplier<Optional<ProcessHandle>> process, Path log, Duration timeout,
                      Supplier<Optional<String>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastReason = "not probed yet";
        while (System.nanoTime() < deadline) {
            if (process.get().isEmpty()) {
                throw new IllegalStateException(name + " exited before it was ready. Last lines of " + log + ":\n"
                        + ManagedProcess.tail(log, 30));
            }
            Optional<String> notReady = probe.get();
            if (notReady.isEmpty()) {
                return;
            }
            lastReason = notReady.get();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s (" + lastReason
                + "). Last lines of " + log + ":\n" + ManagedProcess.tail(log, 30));
    }
}
