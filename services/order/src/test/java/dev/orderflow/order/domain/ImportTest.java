package dev.orderflow.order.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ImportTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    private final Import opened = Import.open("i-1", "d".repeat(64), "orders.jsonl", Import.Format.JSONL, "oscar", T0);

    @Test
    void linesAreReadOnlyFromWhereTheImportIs() {
        Import read = opened.read(1_000, 990, 8, 2, T0.plusSeconds(1));
        read.expectLinesAfter(1_000);

        assertThat(read).extracting(Import::linesRead, Import::placed, Import::refused, Import::duplicates)
                .containsExactly(1_000L, 990L, 8L, 2L);
        assertThatThrownBy(() -> read.expectLinesAfter(0)).isInstanceOfSatisfying(Import.OutOfPlaceException.class,
                e -> assertThat(e.expected()).isEqualTo(1_000));
        assertThatThrownBy(() -> read.expectLinesAfter(1_200)).isInstanceOf(Import.OutOfPlaceException.class)
                .hasMessageContaining("send the lines after line 1000");
        assertThatThrownBy(() -> read.read(999, 0, 0, 0, T0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFileIsInWhenItsLastLineIsTheLastOneRead() {
        Import read = opened.read(500, 500, 0, 0, T0.plusSeconds(1));
        assertThatThrownBy(() -> read.end(501, T0)).isInstanceOf(Import.OutOfPlaceException.class);

        Import ended = read.end(500, T0.plusSeconds(2));
        assertThat(ended.readAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(ended.end(500, T0.plusSeconds(9))).isSameAs(ended);
        assertThatThrownBy(() -> ended.expectLinesAfter(500)).isInstanceOf(Import.AlreadyReadException.class);
        assertThatThrownBy(() -> ended.end(600, T0)).isInstanceOf(Import.AlreadyReadException.class);
    }

    @Test
    void progressSaysWhereTheImportIsAndHowLongItWillTake() {
        Import receiving = opened.read(2_000, 1_900, 100, 0, T0.plusSeconds(4));
        Import.Progress during = receiving.progress(Map.of(OrderStatus.PLACED, 1_900L), T0.plusSeconds(4));
        assertThat(during.status()).isEqualTo(Import.Status.RECEIVING);
        assertThat(during.linesPerSecond()).isEqualTo(500.0);
        assertThat(during.eta()).isNull();

        Import ended = receiving.end(2_000, T0.plusSeconds(4));
        Import.Progress processing = ended.progress(Map.of(OrderStatus.CONFIRMED, 900L, OrderStatus.REJECTED, 100L,
                OrderStatus.RESERVED, 400L, OrderStatus.PLACED, 500L), T0.plusSeconds(10));
        assertThat(processing.status()).isEqualTo(Import.Status.PROCESSING);
        assertThat(processing.underWay()).isEqualTo(900);
        // 1,000 ended in 10 s: the 900 under way take 9 s more.
        assertThat(processing.eta()).isEqualTo(Duration.ofSeconds(9));

        Map<OrderStatus, Long> allEnded = Map.of(OrderStatus.CONFIRMED, 1_800L, OrderStatus.EXPIRED, 100L);
        // All ended, but not yet completed (ImportCompleted not told): still processing.
        assertThat(ended.progress(allEnded, T0.plusSeconds(30)).status()).isEqualTo(Import.Status.PROCESSING);
        Import completed = ended.complete(allEnded, T0.plusSeconds(31)).orElseThrow();
        Import.Progress done = completed.progress(allEnded, T0.plusSeconds(32));
        assertThat(done.status()).isEqualTo(Import.Status.COMPLETED);
        assertThat(done.eta()).isZero();
        assertThat(completed.completedAt()).isEqualTo(T0.plusSeconds(31));
    }

    @Test
    void anImportIsDoneOnceItsFileIsInAndNoneOfItsOrdersIsUnderWay() {
        Import receiving = opened.read(10, 10, 0, 0, T0.plusSeconds(1));
        assertThat(receiving.complete(Map.of(OrderStatus.CONFIRMED, 10L), T0)).as("lines may still come").isEmpty();

        Import ended = receiving.end(10, T0.plusSeconds(2));
        assertThat(ended.complete(Map.of(OrderStatus.CONFIRMED, 9L, OrderStatus.PAID, 1L), T0)).isEmpty();
        Import done = ended.complete(Map.of(OrderStatus.CONFIRMED, 9L, OrderStatus.CANCELLED, 1L), T0.plusSeconds(3)).orElseThrow();
        assertThat(done.complete(Map.of(OrderStatus.CONFIRMED, 9L, OrderStatus.CANCELLED, 1L), T0)).as("once").isEmpty();
        // A file that placed nothing is done as soon as it is in.
        assertThat(opened.read(3, 0, 3, 0, T0).end(3, T0).complete(Map.of(), T0)).isPresent();
    }

    @Test
    void anOrdersKeyIsItsExternalIdOrItsPlaceInTheFile() {
        var withId = new ImportLine.Requested(7, "B7-000001", "c-1", List.of(new Order.Request("MUG-1", 1)), null);
        var withoutId = new ImportLine.Requested(7, null, "c-1", List.of(new Order.Request("MUG-1", 1)), null);

        assertThat(withId.key("abc")).isEqualTo(withId.key("def")).isEqualTo("id:B7-000001");
        assertThat(withoutId.key("abc")).isEqualTo("line:abc:7").isNotEqualTo(withoutId.key("def"));
    }
}
