package dev.orderflow.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls a readiness probe until it passes, the process dies, or time runs out. */
final class Readiness {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Readiness() {
    }

    /** Waits a moment between two polls; an interrupt ends the wait with an unchecked exception. */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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

    /** Waits until a GET of the health endpoint answers 200. */
    static void awaitHttp(String name, Supplier<Optional<ProcessHandle>> process, Path log, Duration timeout, URI health) {
        await(name, process, log, timeout, () -> {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 200 ? Optional.empty()
                        : Optional.of(health.getPath() + " answered " + response.statusCode());
            } catch (IOException e) {
                return Optional.of(String.valueOf(e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted");
            }
        });
    }
}
