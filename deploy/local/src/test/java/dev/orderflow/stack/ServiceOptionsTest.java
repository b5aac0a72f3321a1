package dev.orderflow.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ServiceOptionsTest {

    @Test
    void instancesAreParsedPerService() {
        assertThat(ServiceOptions.parseInstances("payment=2")).containsExactly(Map.entry("payment", 2));
        assertThat(ServiceOptions.parseInstances("payment=2, shipping=3")).containsEntry("payment", 2).containsEntry("shipping", 3);
        assertThat(ServiceOptions.defaults().withInstances(Map.of("payment", 2)).instancesOf("payment")).isEqualTo(2);
        assertThat(ServiceOptions.defaults().instancesOf("payment")).isEqualTo(1);
    }

    @Test
    void aWrongInstancesOptionSaysWhatIsWrong() {
        assertThatThrownBy(() -> ServiceOptions.parseInstances("paymnt=2")).hasMessageContaining("no service named 'paymnt'");
        assertThatThrownBy(() -> ServiceOptions.parseInstances("payment")).hasMessageContaining("needs a count from 1 to 9");
        assertThatThrownBy(() -> ServiceOptions.parseInstances("payment=0")).hasMessageContaining("needs a count");
        assertThatThrownBy(() -> ServiceOptions.parseInstances("payment=10")).hasMessageContaining("needs a count");
        assertThatThrownBy(() -> ServiceOptions.parseInstances("payment=two")).hasMessageContaining("needs a count");
    }

    @Test
    void everyInstanceHasItsOwnNamePortAndHomeButTheServicesDatabase() {
        StackConfig config = StackConfig.defaults(Path.of("/tmp/orderflow-options-test"));
        ServiceOptions options = ServiceOptions.defaults().withInstances(Map.of("payment", 2));
        ServiceProcess.Spec payment = ServiceProcess.SERVICES.stream().filter(s -> s.name().equals("payment")).findFirst().orElseThrow();
        ServiceProcess first = new ServiceProcess(payment, 1, config, options, Path.of("/repo"));
        ServiceProcess second = new ServiceProcess(payment, 2, config, options, Path.of("/repo"));
        assertThat(first.name()).isEqualTo("payment");
        assertThat(second.name()).isEqualTo("payment-2");
        assertThat(first.port()).isEqualTo(8105);
        assertThat(second.port()).isEqualTo(8115);
        assertThat(second.log()).isEqualTo(Path.of("/tmp/orderflow-options-test/services/payment-2/payment-2.log"));
    }

    @Test
    void theGatewayListensOnThePortBaseAndKnowsEveryInstanceOfEachServiceWithAnApi() {
        StackConfig config = StackConfig.defaults(Path.of("/tmp/orderflow-options-test"));
        ServiceOptions options = ServiceOptions.defaults().withInstances(Map.of("order", 3, "shipping", 2));
        ServiceProcess gateway = new ServiceProcess(ServiceProcess.GATEWAY, 1, config, options, Path.of("/repo"));
        assertThat(gateway.port()).isEqualTo(8100);
        assertThat(gateway.routes()).containsExactly(
                "-Dorderflow.gateway.routes.catalog.instances=http://127.0.0.1:8101",
                "-Dorderflow.gateway.routes.customer.instances=http://127.0.0.1:8102",
                "-Dorderflow.gateway.routes.order.instances=http://127.0.0.1:8103,http://127.0.0.1:8113,http://127.0.0.1:8123",
                "-Dorderflow.gateway.routes.inventory.instances=http://127.0.0.1:8104",
                "-Dorderflow.gateway.routes.payment.instances=http://127.0.0.1:8105");
    }
}
