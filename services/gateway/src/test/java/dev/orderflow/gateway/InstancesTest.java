package dev.orderflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

class InstancesTest {

    private static final URI A = URI.create("http://127.0.0.1:8103");
    private static final URI B = URI.create("http://127.0.0.1:8113");
    private static final URI C = URI.create("http://127.0.0.1:8123");
    private static final long BACKOFF = 5_000;

    @Test
    void requestsGoToEachInstanceInTurn() {
        Instances instances = new Instances(List.of(A, B, C), BACKOFF);
        assertThat(instances.inTurn(0)).containsExactly(A, B, C);
        assertThat(instances.inTurn(0)).containsExactly(B, C, A);
        assertThat(instances.inTurn(0)).containsExactly(C, A, B);
        assertThat(instances.inTurn(0)).containsExactly(A, B, C);
    }

    @Test
    void anInstanceThatRefusedIsTriedLastUntilItsBackoffEnds() {
        Instances instances = new Instances(List.of(A, B, C), BACKOFF);
        instances.refused(A, 100);
        assertThat(instances.inTurn(200)).containsExactly(B, C, A);
        assertThat(instances.inTurn(200)).containsExactly(B, C, A);
        assertThat(instances.inTurn(200)).containsExactly(C, B, A);
        assertThat(instances.inTurn(100 + BACKOFF)).containsExactly(A, B, C); // its backoff is over: in turn again
    }

    @Test
    void whenAllRefusedTheOldestRefusalIsTriedFirst() {
        Instances instances = new Instances(List.of(A, B, C), BACKOFF);
        instances.refused(B, 10);
        instances.refused(C, 20);
        instances.refused(A, 30);
        assertThat(instances.inTurn(40)).containsExactly(B, C, A);
    }

    @Test
    void anInstanceThatAcceptsAgainIsBackInTurnAtOnce() {
        Instances instances = new Instances(List.of(A, B), BACKOFF);
        instances.refused(A, 0);
        assertThat(instances.inTurn(1)).containsExactly(B, A);
        instances.accepted(A);
        assertThat(instances.inTurn(1)).containsExactly(B, A); // B's turn
        assertThat(instances.inTurn(1)).containsExactly(A, B);
    }

    @Test
    void aRouteWithoutInstancesIsAConfigurationError() {
        assertThatThrownBy(() -> new Instances(List.of(), BACKOFF)).hasMessageContaining("at least one instance");
    }
}
