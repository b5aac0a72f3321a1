package dev.orderflow.gateway;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The instances of one service and whose turn it is. Requests are spread in turn; an instance that
 * refused a connection is put at the back for a while (the backoff), so that a crashed instance costs
 * a request nothing but one refused connect, and it gets work again as soon as it is back.
 */
final class Instances {

    private static final long IN_TURN = Long.MIN_VALUE;

    private final List<URI> instances;
    private final long backoffNanos;
    private final AtomicInteger turn = new AtomicInteger();
    /** Per instance: until when (nanoTime) it is left for last; {@link #IN_TURN} when it is not. */
    private final AtomicLongArray refusedUntil;

    Instances(List<URI> instances, long backoffNanos) {
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("a route needs at least one instance");
        }
        this.instances = List.copyOf(instances);
        this.backoffNanos = backoffNanos;
        this.refusedUntil = new AtomicLongArray(instances.size());
        for (int i = 0; i < instances.size(); i++) {
            refusedUntil.set(i, IN_TURN);
        }
    }

    /**
     * Every instance, in the order this request should try them: from the one whose turn it is, those
     * that did not refuse a connection lately first, then the others (the oldest refusal first).
     */
    List<URI> inTurn(long now) {
        int first = Math.floorMod(turn.getAndIncrement(), instances.size());
        List<URI> willing = new ArrayList<>(instances.size());
        List<Integer> refusing = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            int index = (first + i) % instances.size();
            long until = refusedUntil.get(index);
            if (until == IN_TURN || until - now <= 0) {
                willing.add(instances.get(index));
            } else {
                refusing.add(index);
            }
        }
        refusing.sort((a, b) -> Long.compare(refusedUntil.get(a), refusedUntil.get(b)));
        refusing.forEach(index -> willing.add(instances.get(index)));
        return willing;
    }

    /** The instance refused a connection (or did not accept one in time). */
    void refused(URI instance, long now) {
        int index = instances.indexOf(instance);
        if (index >= 0) {
            refusedUntil.set(index, now + backoffNanos);
        }
    }

    /** The instance took a connection: it is in turn again. */
    void accepted(URI instance) {
        int index = instances.indexOf(instance);
        if (index >= 0) {
            refusedUntil.set(index, IN_TURN);
        }
    }
}
