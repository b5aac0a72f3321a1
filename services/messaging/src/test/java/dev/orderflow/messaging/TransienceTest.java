package dev.orderflow.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;

import io.vertx.pgclient.PgException;
import jakarta.persistence.OptimisticLockException;
import org.junit.jupiter.api.Test;

class TransienceTest {

    @Test
    void theWordsOfAnEventAreNotANetworkFailure() {
        assertThat(Transience.isTransient(new IllegalArgumentException("unknown sku Connection refused"))).isFalse();
        assertThat(Transience.isTransient(new IllegalStateException("handler failed",
                new NumberFormatException("For input string: \"Connection refused\"")))).isFalse();
    }

    @Test
    void aRefusedConnectionALostRaceAndARetryableSqlStateAreTransientWhereverTheySitInTheChain() {
        assertThat(Transience.isTransient(new RuntimeException("wrapped", new ConnectException("Connection refused")))).isTrue();
        assertThat(Transience.isTransient(new IllegalStateException(new OptimisticLockException("row changed")))).isTrue();
        assertThat(Transience.isTransient(new PgException("could not serialize", "ERROR", "40001", null))).isTrue();
        assertThat(Transience.isTransient(new PgException("connection failure", "FATAL", "08006", null))).isTrue();
    }

    @Test
    void aConstraintViolationIsNotRetriedForever() {
        assertThat(Transience.isTransient(new PgException("duplicate key", "ERROR", "23505", null))).isFalse();
    }
}
