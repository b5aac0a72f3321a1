package dev.orderflow.messaging;

import java.util.function.Function;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Runs one step per item, one after the other, in constant stack depth. A loop that chains
 * {@code all = all.chain(() -> step(item))} nests one subscription per item: when the steps complete
 * at once (an entity already in the session), a batch of a few hundred events overflows the event
 * loop's stack, and the overflow surfaces far away (a class that never finishes loading, a
 * transaction left open). Concatenating a {@link Multi} does not nest.
 */
public final class Sequentially {

    private Sequentially() {
    }

    /** The step for each item, in order, each after the previous one has completed; fails at the first failure. */
    public static <T> Uni<Void> each(Iterable<T> items, Function<T, Uni<?>> step) {
        return Multi.createFrom().iterable(items)
                .onItem().transformToUniAndConcatenate(item -> step.apply(item).replaceWith(Boolean.TRUE))
                .collect().last()
                .replaceWithVoid();
    }
}
