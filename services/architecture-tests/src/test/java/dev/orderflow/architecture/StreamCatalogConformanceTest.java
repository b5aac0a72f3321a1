package dev.orderflow.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.orderflow.events.catalog.EventCatalog;
import org.junit.jupiter.api.Test;

/**
 * The stream catalog ({@code event-schemas/.../streams.json}, rendered as CATALOG.md) is executable: it must say
 * what the compiled services do ({@link ServiceCode}), both ways ({@link CatalogConformance}).
 */
class StreamCatalogConformanceTest {

    private static final EventCatalog CATALOG = EventCatalog.load();

    private final ServiceCode code = ServiceCode.read(CATALOG);

    @Test
    void everyCataloguedProducerAndConsumerIsWhatTheCodeDoesAndNothingElse() {
        assertThat(new CatalogConformance(code.produced(), code.consumed()).differences(CATALOG))
                .as("streams.json against the services' code (built %s, taken by subscriptions %s)", code.produced(), code.consumed())
                .isEmpty();
    }

    @Test
    void theReadingOfTheCodeSeesWhatEveryoneKnowsIsThere() {
        // Guards the bytecode reading itself: had it found nothing, the comparison above could not tell.
        assertThat(code.produced().get("order")).contains("dev.orderflow.events.orders.OrderPlaced", "dev.orderflow.events.orders.OrderConfirmed");
        assertThat(code.produced().get("catalog")).containsExactly("dev.orderflow.events.products.ProductChanged");
        assertThat(code.consumed().get("payment")).contains("dev.orderflow.events.inventory.StockReserved",
                "dev.orderflow.events.customers.CustomerChanged");
        assertThat(code.consumed().get("notification")).as("a subscription naming no type takes its topic's every type")
                .containsAll(CATALOG.streams().stream().filter(s -> s.topic().equals("orders"))
                        .flatMap(s -> s.events().stream()).map(EventCatalog.EventType::type).toList());
        assertThat(code.consumed().get("catalog")).isEmpty();
        assertThat(code.builtAt().get("inventory").get("dev.orderflow.events.inventory.StockReserved"))
                .allSatisfy(site -> assertThat(site.path()).startsWith("services/inventory/src/main/java/dev/orderflow/inventory/").endsWith(".java"));
        assertThat(code.handledAt().get("payment").get("dev.orderflow.events.inventory.StockReserved"))
                .extracting(s -> s.label()).containsExactly("PaymentService.apply");
    }

    @Test
    void aCatalogThatSaysSomethingElseIsCaughtEveryWay() {
        Map<String, Set<String>> madeUp = new TreeMap<>(code.produced());
        madeUp.put("shipping", Set.of("dev.orderflow.events.orders.OrderPlaced", "dev.orderflow.events.shipments.ShipmentDispatched",
                "dev.orderflow.events.common.Address"));
        Map<String, Set<String>> listens = new TreeMap<>(code.consumed());
        listens.put("catalog", Set.of("dev.orderflow.events.payments.PaymentFailed"));
        listens.put("payment", Set.of());

        List<String> differences = new CatalogConformance(madeUp, listens).differences(CATALOG);

        assertThat(differences).anySatisfy(d -> assertThat(d).startsWith("shipping is the catalogued producer of ShipmentScheduled"));
        assertThat(differences).contains("shipping builds OrderPlaced, but orders is produced by order alone",
                "shipping builds ShipmentDispatched, which the catalog still marks as planned (shipment tracking (issue #14), the carrier's dispatch callback)",
                "shipping builds dev.orderflow.events.common.Address, which is on no stream of the catalog",
                "catalog subscribes to PaymentFailed, which the catalog does not list among its consumers",
                "the catalog lists payment as a consumer of StockReserved, but no subscription of it takes one");
    }
}
