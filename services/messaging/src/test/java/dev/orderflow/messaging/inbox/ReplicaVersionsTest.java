package dev.orderflow.messaging.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.orderflow.events.products.ProductChanged;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

class ReplicaVersionsTest {

    @Test
    void aNewerVersionAndOneAfterAGapOfCompactedChangesAreKept() {
        assertThatCode(() -> check(Map.of("MUG", 3L), change("MUG", 4), change("MUG", 900_000), change("NEW", 0)))
                .doesNotThrowAnyException();
    }

    @Test
    void olderVersionsAreNoConcernOfTheCheck() {
        // Replays and redeliveries: the store keeps the newer row, nothing is refused.
        assertThatCode(() -> check(Map.of("MUG", 3L), change("MUG", 1), change("MUG", 3))).doesNotThrowAnyException();
    }

    @Test
    void aVersionFarAheadOfTheReplicaOrBelowZeroIsRefusedNamingIt() {
        ReceivedEvent pinning = change("MUG", Long.MAX_VALUE);
        assertThatThrownBy(() -> check(Map.of("MUG", 3L), change("MUG", 4), pinning))
                .isInstanceOfSatisfying(RejectedEventException.class, e -> assertThat(e.event()).isSameAs(pinning))
                .hasMessageContaining("version " + Long.MAX_VALUE).hasMessageContaining("holds version 4");
        assertThatThrownBy(() -> check(Map.of(), change("NEW", ReplicaVersions.MAX_JUMP))).hasMessageContaining("holds version -1");
        assertThatThrownBy(() -> check(Map.of(), change("NEW", -1))).isInstanceOf(RejectedEventException.class);
    }

    @Test
    void theChangesBeforeItInTheBatchCount() {
        assertThatCode(() -> check(Map.of(), change("MUG", 0), change("MUG", ReplicaVersions.MAX_JUMP))).doesNotThrowAnyException();
    }

    @Test
    void acceptedReadsTheHeldVersionsOfTheBatchsKeysOnceAndHandsBackItsChangesOrFailsOnTheFirstRefused() {
        List<Collection<String>> asked = new ArrayList<>();
        Function<Collection<String>, Uni<Map<String, Long>>> held = keys -> {
            asked.add(keys);
            return Uni.createFrom().item(Map.of("MUG", 3L));
        };
        List<ProductChanged> changes = ReplicaVersions.accepted(List.of(change("MUG", 4), change("CUP", 0), change("MUG", 5)),
                ProductChanged.class, ProductChanged::getSku, ProductChanged::getVersion, held).await().indefinitely();
        assertThat(changes).extracting(ProductChanged::getVersion).containsExactly(4L, 0L, 5L);
        assertThat(asked).containsExactly(List.of("MUG", "CUP"));

        assertThatThrownBy(() -> ReplicaVersions.accepted(List.of(change("MUG", 4), change("MUG", Long.MAX_VALUE)),
                ProductChanged.class, ProductChanged::getSku, ProductChanged::getVersion, held).await().indefinitely())
                .isInstanceOf(RejectedEventException.class).hasMessageContaining("version " + Long.MAX_VALUE);
    }

    private static void check(Map<String, Long> held, ReceivedEvent... events) {
        ReplicaVersions.check(List.of(events), ProductChanged.class, ProductChanged::getSku, ProductChanged::getVersion, held);
    }

    private static ReceivedEvent change(String sku, long version) {
        ProductChanged changed = ProductChanged.newBuilder().setSku(sku).setVersion(version).setName("Mug").setPriceMinor(100)
                .setCurrency("EUR").setActive(true).setChangedAt(Instant.EPOCH).build();
        return new ReceivedEvent("e-" + sku + version, "dev.orderflow.events.products.ProductChanged", sku, "/test", Instant.EPOCH,
                changed, "products", 0, 0, Context.root());
    }
}
