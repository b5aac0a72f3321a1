package dev.orderflow.messaging.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

class UnansweredTest {

    @Test
    void anAnswerEvenAnErrorStatusAndAConnectionNeverMadeLeaveNoDoubt() {
        Unanswered unanswered = new Unanswered();
        unanswered.watch(Uni.createFrom().item("503 Service Unavailable")).await().indefinitely();
        unanswered.watch(Uni.createFrom().failure(new IllegalStateException("wrapped", new ConnectException("Connection refused"))))
                .onFailure().recoverWithNull().await().indefinitely();
        assertThat(unanswered.any()).isFalse();
    }

    @Test
    void aConnectionBrokenAfterSendingLeavesTheRequestInDoubt() {
        Unanswered unanswered = new Unanswered();
        unanswered.watch(Uni.createFrom().failure(new IOException("Connection reset"))).onFailure().recoverWithNull().await().indefinitely();
        assertThat(unanswered.any()).isTrue();
    }

    @Test
    void anAttemptWhoseAnswerHasNotComeLeavesTheRequestInDoubtWhetherOrNotItWasCancelled() {
        Unanswered cancelled = new Unanswered();
        cancelled.watch(Uni.createFrom().nothing()).ifNoItem().after(Duration.ofMillis(20)).recoverWithItem("timed out")
                .await().indefinitely();
        assertThat(cancelled.any()).isTrue();

        // Fault tolerance's timeout gives up on an attempt without cancelling it: its answer is still on its way.
        Unanswered late = new Unanswered();
        CompletableFuture<String> answer = new CompletableFuture<>();
        late.watch(Uni.createFrom().completionStage(answer)).subscribe().with(ignored -> { });
        assertThat(late.any()).isTrue();
        answer.complete("201 Created");
        assertThat(late.any()).as("once answered, only an attempt that broke would leave doubt").isFalse();
    }
}
