package dev.orderflow.order.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class PlacementLimitsTest {

    private static final PlacementLimits LIMITS = new PlacementLimits(3, 5, 10);
    private static final List<Order.Request> FOUR_UNITS = List.of(new Order.Request("MUG-1", 3), new Order.Request("LAMP-1", 1));

    @Test
    void anOrderWithinEveryLimitPasses() {
        assertThat(LIMITS.refusal(FOUR_UNITS, new PlacementLimits.Activity(2, 4))).isEmpty();
    }

    @Test
    void theUnitsOfAllLinesCount() {
        List<Order.Request> eleven = List.of(new Order.Request("MUG-1", 6), new Order.Request("LAMP-1", 5));
        assertThat(LIMITS.refusal(eleven, new PlacementLimits.Activity(0, 0)))
                .hasValue("an order asks for at most 10 units, this one for 11");
        assertThat(LIMITS.refusal(List.of(new Order.Request("MUG-1", 10)), new PlacementLimits.Activity(0, 0))).isEmpty();
    }

    @Test
    void theOrdersUnderWayCountTheNewOne() {
        assertThat(LIMITS.refusal(FOUR_UNITS, new PlacementLimits.Activity(3, 3))).get().asString()
                .startsWith("at most 3 orders may be under way at once; 3 are");
    }

    @Test
    void theOrdersOfTheLastMinuteCountTheNewOne() {
        assertThat(LIMITS.refusal(FOUR_UNITS, new PlacementLimits.Activity(0, 5))).get().asString()
                .startsWith("at most 5 orders may be placed in a minute; 5 were");
    }

    @Test
    void noLimitsLimitNothing() {
        assertThat(PlacementLimits.NONE.limits()).isFalse();
        assertThat(LIMITS.limits()).isTrue();
        assertThat(PlacementLimits.NONE.refusal(List.of(new Order.Request("MUG-1", 10_000)),
                new PlacementLimits.Activity(Long.MAX_VALUE - 1, Long.MAX_VALUE - 1))).isEmpty();
    }

    @Test
    void aLimitBelowOneIsAMistake() {
        assertThatThrownBy(() -> new PlacementLimits(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
