package dev.orderflow.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import dev.orderflow.events.inventory.StockReservationFailed;
import dev.orderflow.events.inventory.UnavailableLine;
import org.apache.avro.SystemLimitException;
import org.junit.jupiter.api.Test;

class AvroLimitsTest {

    private static final String TYPE = StockReservationFailed.getClassSchema().getFullName();

    @Test
    void aRecordThatClaimsTwoBillionItemsFailsToDecodeInsteadOfAllocatingThem() {
        byte[] hostile = HostileAvro.reservationFailedClaimingItems("o-1", 2_000_000_000L);
        assertThat(hostile).hasSizeLessThan(16);
        assertThatThrownBy(() -> AvroBinary.decode(TYPE, hostile)).isInstanceOf(SystemLimitException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void aStringThatClaimsTwoGibibytesFailsToDecodeInsteadOfAllocatingThem() {
        byte[] hostile = HostileAvro.reservationFailedClaimingTextOf(Integer.MAX_VALUE - 16L);
        assertThatThrownBy(() -> AvroBinary.decode(TYPE, hostile)).isInstanceOf(SystemLimitException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void eventsOfRealSizesDecodeAsBefore() {
        StockReservationFailed failed = StockReservationFailed.newBuilder().setOrderId("o-1")
                .setUnavailable(java.util.stream.IntStream.range(0, 1_000).mapToObj(i -> UnavailableLine.newBuilder()
                        .setSku("SKU-" + i).setRequested(2).setAvailable(1).build()).toList())
                .setFailedAt(Instant.ofEpochMilli(1_000)).build();
        assertThat(AvroBinary.decode(TYPE, AvroBinary.encode(failed))).isEqualTo(failed);
    }

    @Test
    void theBoundsAreTheRecordSizeUnlessConfigured() {
        AvroLimits.apply();
        assertThat(SystemLimitException.checkMaxCollectionLength(AvroLimits.DEFAULT_MAX)).isEqualTo(AvroLimits.DEFAULT_MAX);
        assertThatThrownBy(() -> SystemLimitException.checkMaxStringLength(AvroLimits.DEFAULT_MAX + 1L))
                .isInstanceOf(SystemLimitException.class);
        assertThat(List.of(System.getProperty(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY)))
                .containsExactly(Integer.toString(AvroLimits.DEFAULT_MAX));
    }
}
