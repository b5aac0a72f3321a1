package dev.orderflow.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

class SequentiallyTest {

    private static final List<Integer> MANY = IntStream.range(0, 200_000).boxed().toList();

    @Test
    void stepsThatCompleteAtOnceRunInOrderWithoutGrowingTheStack() {
        List<Integer> seen = new ArrayList<>();
        Sequentially.each(MANY, i -> Uni.createFrom().item(i).invoke(seen::add)).await().indefinitely();
        assertThat(seen).hasSize(MANY.size()).startsWith(0, 1, 2).endsWith(199_999);
    }

    @Test
    void theChainedLoopItReplacesOverflowsTheStack() {
        // What the stores did before: one nested subscription per item.
        Uni<Void> all = Uni.createFrom().voidItem();
        for (Integer i : MANY) {
            all = all.chain(() -> Uni.createFrom().item(i)).replaceWithVoid();
        }
        Uni<Void> chained = all;
        assertThatThrownBy(() -> chained.await().indefinitely()).isInstanceOf(StackOverflowError.class);
    }

    @Test
    void theFirstFailureStopsTheSteps() {
        List<Integer> seen = new ArrayList<>();
        Uni<Void> run = Sequentially.each(List.of(1, 2, 3), i -> i == 2 ? Uni.createFrom().failure(new IllegalStateException("no 2"))
                : Uni.createFrom().item(i).invoke(seen::add));
        assertThatThrownBy(() -> run.await().indefinitely()).hasMessage("no 2");
        assertThat(seen).containsExactly(1);
    }

    @Test
    void noItemsIsDoneAtOnce() {
        Sequentially.each(List.<Integer>of(), i -> Uni.createFrom().failure(new AssertionError())).await().indefinitely();
    }
}
