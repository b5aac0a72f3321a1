package dev.orderflow.messaging.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

class UnansweredTest {

    @Test
    void anAnswerEvenAnErrorStatusAndAConnectionNeverMadeLeaveNoDoubt() {
        Unanswered unanswered = new Unanswered();
        unanswered.watch(Uni.createFrom().item("503 Service Unavailable")).await().indefinitely();
        unanswered.watch(Uni.createFrom().failure(new IllegalStateException("wrapped", new ConnectException("Connection refused"))))
                .onFailure().recoverWithNull().await().indefinitely();
        assertThat(unanswered.giveUp()).isFalse();
    }

    @Test
    void aConnectionBrokenAfterSendingLeavesTheRequestInDoubt() {
        Unanswered unanswered = new Unanswered();
        unanswered.watch(Uni.createFrom().failure(new IOException("Connection reset"))).onFailure().recoverWithNull().await().indefinitely();
        assertThat(unanswered.giveUp()).isTrue();
    }

    @Test
    void anAttemptWhoseAnswerHasNotComeLeavesTheRequestInDoubtWhetherOrNotItWasCancelled() {
        Unanswered cancelled = new Unanswered();
        cancelled.watch(Uni.createFrom().nothing()).ifNoItem().after(Duration.ofMillis(20)).recoverWithItem("timed out")
                .await().indefinitely();
        assertThat(cancelled.giveUp()).isTrue();

        // Fault tolerance's timeout gives up on an attempt without cancelling it: its answer is still on its way.
        Unanswered late = new Unanswered();
        CompletableFuture<String> answer = new CompletableFuture<>();
        late.watch(Uni.createFrom().completionStage(answer)).subscribe().with(ignored -> { });
        assertThat(late.giveUp()).isTrue();
        Unanswered answered = new Unanswered();
        answered.watch(Uni.createFrom().item("201 Created")).await().indefinitely();
        assertThat(answered.giveUp()).as("once answered, only an attempt that broke would leave doubt").isFalse();
    }

    @Test
    void anAttemptThatWouldStartAfterTheRequestWasGivenUpOnIsNotSent() {
        Unanswered unanswered = new Unanswered();
        AtomicBoolean sent = new AtomicBoolean();
        // Made (as a bulkhead's queue would) only after the fallback decided: never sent.
        Uni<String> queued = unanswered.watch(Uni.createFrom().item(() -> {
            sent.set(true);
            return "201 Created";
        }));
        assertThat(unanswered.giveUp()).isFalse();
        assertThatThrownBy(() -> queued.await().indefinitely()).hasMessageContaining("given up on");
        assertThat(sent).isFalse();
    }
}
