package dev.orderflow.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void blocksLieBelowTheEphemeralRangeAndAreNeverHandedOutTwice() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int first = FreePorts.block(36);
            assertThat(first + 36).isLessThan(FreePorts.ephemeralLow());
            for (int port = first; port < first + 36; port++) {
                assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
            }
        }
    }
}
