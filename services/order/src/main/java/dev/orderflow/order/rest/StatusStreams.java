package dev.orderflow.order.rest;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The live status streams each customer has open on this instance, so that one account cannot
 * hold an unbounded number of connections (each costs a listener and a connection slot).
 */
@ApplicationScoped
public class StatusStreams {

    /** A customer who has as many streams open as they may. */
    public static class LimitReachedException extends RuntimeException {
        public LimitReachedException(int max) {
            super("at most " + max + " live status streams per customer at once; close one first");
        }
    }

    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

    /** Takes a slot for the customer if fewer than {@code max} are taken; the slot is given back by running the result, once. */
    public Optional<Runnable> open(String customerId, int max) {
        boolean[] taken = {false};
        open.compute(customerId, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= max) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        if (!taken[0]) {
            return Optional.empty();
        }
        AtomicBoolean released = new AtomicBoolean();
        return Optional.of(() -> {
            if (released.compareAndSet(false, true)) {
                open.computeIfPresent(customerId, (k, n) -> n <= 1 ? null : n - 1);
            }
        });
    }

    /** How many streams the customer has open (for tests and metrics). */
    public int openOf(String customerId) {
        return open.getOrDefault(customerId, 0);
    }
}
