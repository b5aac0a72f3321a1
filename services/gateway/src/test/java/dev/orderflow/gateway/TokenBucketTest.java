package dev.orderflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFullBucketTakesItsBurstAtOnceThenSaysHowLongToWait() {
        TokenBucket bucket = new TokenBucket(10, 3, 0);
        assertThat(bucket.tryTake(0)).isZero();
        assertThat(bucket.tryTake(0)).isZero();
        assertThat(bucket.tryTake(0)).isZero();
        assertThat(bucket.tryTake(0)).isEqualTo(SECOND / 10);
        assertThat(bucket.tryTake(SECOND / 20)).isEqualTo(SECOND / 20); // half a token there: half the wait left
    }

    @Test
    void itRefillsAtItsRateButNeverBeyondItsBurst() {
        TokenBucket bucket = new TokenBucket(10, 3, 0);
        for (int i = 0; i < 3; i++) {
            bucket.tryTake(0);
        }
        assertThat(bucket.tryTake(SECOND / 10)).isZero();
        assertThat(bucket.tryTake(SECOND / 10)).isPositive();
        long later = 100 * SECOND; // a long quiet time gives back the burst, not a thousand requests
        for (int i = 0; i < 3; i++) {
            assertThat(bucket.tryTake(later)).isZero();
        }
        assertThat(bucket.tryTake(later)).isPositive();
    }

    @Test
    void aRefusedRequestTakesNothing() {
        TokenBucket bucket = new TokenBucket(1, 1, 0);
        bucket.tryTake(0);
        for (int i = 0; i < 100; i++) {
            assertThat(bucket.tryTake(SECOND / 2)).isEqualTo(SECOND / 2);
        }
        assertThat(bucket.tryTake(SECOND)).isZero();
    }

    @Test
    void aClockThatGoesBackGivesNothingBack() {
        TokenBucket bucket = new TokenBucket(1, 1, 5 * SECOND);
        bucket.tryTake(5 * SECOND);
        assertThat(bucket.tryTake(0)).isPositive();
        assertThat(bucket.tryTake(6 * SECOND)).isZero();
    }

    @Test
    void aLimitOfNothingIsAConfigurationError() {
        assertThatThrownBy(() -> new TokenBucket(0, 10, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 request a second");
        assertThatThrownBy(() -> new TokenBucket(10, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
