package dev.orderflow.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NotificationTest {

    @Test
    void eachTransitionHasItsOwnMessage() {
        Notification placed = Notification.compose("n-1", new Notice("o-1", Notice.Transition.PLACED, "Ada", "ada@example.org", "Total: 29.99 EUR"));
        assertThat(placed.subject()).isEqualTo("We received your order o-1");
        assertThat(placed.body()).startsWith("Hello Ada,").contains("Total: 29.99 EUR");
        assertThat(placed.status()).isEqualTo(Notification.Status.PENDING);
        Notification rejected = Notification.compose("n-2", new Notice("o-1", Notice.Transition.REJECTED, "Ada", "ada@example.org",
                "Reason: some items are out of stock."));
        assertThat(rejected.subject()).contains("could not complete");
        assertThat(rejected.body()).contains("out of stock");
    }

    @Test
    void theMessageIdIsTheSameForEveryAttemptAndDiffersPerTransition() {
        Notice placed = new Notice("o-1", Notice.Transition.PLACED, "Ada", "ada@example.org", null);
        assertThat(Notification.compose("a", placed).messageId()).isEqualTo(Notification.compose("b", placed).messageId());
        Notice confirmed = new Notice("o-1", Notice.Transition.CONFIRMED, "Ada", "ada@example.org", null);
        assertThat(Notification.compose("a", confirmed).messageId()).isNotEqualTo(Notification.compose("a", placed).messageId());
    }

    @Test
    void aNoticeNeedsAnAddress() {
        assertThatThrownBy(() -> new Notice("o-1", Notice.Transition.PLACED, "Ada", "not-an-address", null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
