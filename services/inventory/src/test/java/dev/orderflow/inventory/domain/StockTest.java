package dev.orderflow.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class StockTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final Duration TTL = Duration.ofMinutes(15);

    private static Stock stock(StockLevel... levels) {
        return new Stock(List.of(levels));
    }

    @Test
    void aReservationHoldsEveryLineAndConservesUnits() {
        Stock stock = stock(new StockLevel("A", 10, 0), new StockLevel("B", 2, 1));
        Stock.Decision decision = stock.reserve("o-1", List.of(new ReservationLine("A", 3), new ReservationLine("B", 2)),
                NOW, TTL, () -> "r-1");
        Reservation reservation = ((Stock.Reserved) decision).reservation();
        assertThat(reservation.status()).isEqualTo(Reservation.Status.HELD);
        assertThat(reservation.expiresAt()).isEqualTo(NOW.plus(TTL));
        assertThat(stock.level("A")).isEqualTo(new StockLevel("A", 7, 3));
        assertThat(stock.level("B")).isEqualTo(new StockLevel("B", 0, 3));
        assertThat(stock.changes()).extracting(StockChange::delta).containsExactly(-3, -2);
    }

    @Test
    void aShortLineRefusesTheWholeOrderAndHoldsNothing() {
        Stock stock = stock(new StockLevel("A", 10, 0), new StockLevel("B", 1, 0));
        Stock.Decision decision = stock.reserve("o-1", List.of(new ReservationLine("A", 3), new ReservationLine("B", 2),
                new ReservationLine("C", 1)), NOW, TTL, () -> "r-1");
        assertThat(decision).isInstanceOf(Stock.Refused.class);
        assertThat(((Stock.Refused) decision).shortages()).containsExactly(
                new Stock.Shortage("B", 2, 1), new Stock.Shortage("C", 1, 0));
        assertThat(stock.level("A")).isEqualTo(new StockLevel("A", 10, 0));
        assertThat(stock.changes()).isEmpty();
    }

    @Test
    void repeatedSkusOfAnOrderAddUp() {
        Stock stock = stock(new StockLevel("A", 3, 0));
        Stock.Decision decision = stock.reserve("o-1", List.of(new ReservationLine("A", 2), new ReservationLine("A", 2)),
                NOW, TTL, () -> "r-1");
        assertThat(((Stock.Refused) decision).shortages()).containsExactly(new Stock.Shortage("A", 4, 3));
    }

    @Test
    void releasingGivesBackExactlyOnce() {
        Stock stock = stock(new StockLevel("A", 10, 0));
        Reservation held = ((Stock.Reserved) stock.reserve("o-1", List.of(new ReservationLine("A", 4)), NOW, TTL,
                () -> "r-1")).reservation();
        Reservation released = stock.release(held, Reservation.Status.RELEASED).orElseThrow();
        assertThat(released.status()).isEqualTo(Reservation.Status.RELEASED);
        assertThat(stock.level("A")).isEqualTo(new StockLevel("A", 10, 0));
        assertThat(stock.release(released, Reservation.Status.RELEASED)).isEmpty();
        assertThat(stock.release(released, Reservation.Status.EXPIRED)).isEmpty();
    }

    @Test
    void aConfirmedReservationStillHoldsAndCanBeReleased() {
        Stock stock = stock(new StockLevel("A", 10, 0));
        Reservation held = ((Stock.Reserved) stock.reserve("o-1", List.of(new ReservationLine("A", 4)), NOW, TTL,
                () -> "r-1")).reservation();
        Reservation confirmed = stock.confirm(held).orElseThrow();
        assertThat(stock.confirm(confirmed)).isEmpty();
        assertThat(stock.release(confirmed, Reservation.Status.RELEASED)).isPresent();
        assertThat(stock.level("A").available()).isEqualTo(10);
    }

    @Test
    void adjustmentsSetAvailableAndNeverGoNegative() {
        Stock stock = stock(new StockLevel("A", 10, 2));
        assertThat(stock.setAvailable("A", 15, "delivery")).hasValueSatisfying(c -> {
            assertThat(c.delta()).isEqualTo(5);
            assertThat(c.level()).isEqualTo(new StockLevel("A", 15, 2));
        });
        assertThat(stock.setAvailable("A", 15, "count")).isEmpty();
        assertThat(stock.setAvailable("NEW", 3, "first delivery")).hasValueSatisfying(c ->
                assertThat(c.level()).isEqualTo(new StockLevel("NEW", 3, 0)));
        assertThatThrownBy(() -> stock.setAvailable("A", -1, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StockLevel("A", -1, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void noAdjustmentCanMakeTheArithmeticOverflow() {
        Stock stock = stock(new StockLevel("A", 0, 2));
        assertThatThrownBy(() -> stock.setAvailable("A", Integer.MAX_VALUE, "typo"))
                .isInstanceOf(InvalidStockException.class).hasMessageContaining("cannot exceed " + StockLevel.MAX_UNITS);
        assertThatThrownBy(() -> stock.setAvailable("A", StockLevel.MAX_UNITS - 1, "too much"))
                .isInstanceOf(InvalidStockException.class);
        assertThat(stock.setAvailable("A", StockLevel.MAX_UNITS - 2, "the most there can be")).isPresent();
        Reservation held = new Reservation("r-1", "o-1", List.of(new ReservationLine("A", 2)), Reservation.Status.HELD, NOW);
        assertThat(stock.release(held, Reservation.Status.EXPIRED)).isPresent();
        assertThat(stock.level("A")).isEqualTo(new StockLevel("A", StockLevel.MAX_UNITS, 0));
    }
}
