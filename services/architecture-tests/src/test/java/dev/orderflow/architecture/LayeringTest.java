package dev.orderflow.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of DESIGN §7, checked on the compiled services: each service is {@code dev.orderflow.<service>}
 * with {@code domain} (aggregates and rules), the use cases in the root package, and adapters in {@code rest},
 * {@code events}, {@code persistence} and {@code clients}.
 */
class LayeringTest {

    static final List<String> SERVICES = List.of("catalog", "customer", "order", "inventory", "payment", "shipping", "notification");

    private static JavaClasses classes;

    @BeforeAll
    static void importTheServices() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(SERVICES.stream().map(s -> "dev.orderflow." + s).toArray(String[]::new));
        for (String service : SERVICES) {
            assertThat(classes.stream().filter(c -> c.getPackageName().equals("dev.orderflow." + service + ".domain")))
                    .as("the domain classes of %s on the test class path", service).isNotEmpty();
        }
    }

    @Test
    void theDomainDependsOnTheJdkAndItselfOnly() {
        for (String service : SERVICES) {
            classes().that().resideInAPackage("dev.orderflow." + service + ".domain..")
                    .should().onlyDependOnClassesThat().resideInAnyPackage("dev.orderflow." + service + ".domain..", "java..")
                    .because("the domain of " + service + " is plain Java: no framework, no event or persistence type")
                    .check(classes);
        }
    }

    @Test
    void theApiDoesNotReachPersistenceOrTheStreams() {
        for (String service : SERVICES) {
            noClasses().that().resideInAPackage("dev.orderflow." + service + ".rest..")
                    .should().dependOnClassesThat().resideInAnyPackage("dev.orderflow." + service + ".persistence..",
                            "dev.orderflow." + service + ".events..", "dev.orderflow.events..", "org.apache.kafka..",
                            "io.quarkus.hibernate..")
                    .because("a resource calls the use cases, which own the transaction and the events")
                    .allowEmptyShould(true) // shipping, inventory, ...: no API of their own
                    .check(classes);
        }
    }

    @Test
    void noServiceDependsOnAnother() {
        for (String service : SERVICES) {
            String[] others = SERVICES.stream().filter(s -> !s.equals(service)).map(s -> "dev.orderflow." + s + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("dev.orderflow." + service + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("services talk through events only")
                    .check(classes);
        }
    }

    private static final String[] WIRE_TYPES = {"dev.orderflow.events..", "org.apache.avro..", "org.apache.kafka..", "io.vertx..",
            "io.smallrye.reactive.messaging.."};

    @Test
    void useCasesSpeakDomainTypesNotTheWire() {
        for (String service : SERVICES) {
            noClasses().that().resideInAPackage("dev.orderflow." + service)
                    .should().dependOnClassesThat().resideInAnyPackage(WIRE_TYPES)
                    .because("the adapters translate events, records and connections into domain terms")
                    .check(classes);
        }
    }

    @Test
    void theDomainKnowsNoAdapter() {
        for (String service : SERVICES) {
            String own = "dev.orderflow." + service;
            noClasses().that().resideInAPackage(own + "..")
                    .and().resideOutsideOfPackages(own + ".rest..", own + ".events..", own + ".persistence..", own + ".clients..")
                    .should().dependOnClassesThat().resideInAnyPackage(own + ".rest..")
                    .because("the API is an adapter: nothing inside calls it")
                    .check(classes);
        }
    }

    @Test
    void theContractsDoNotDependOnTheLauncher() {
        String[] contracts = {"dev.orderflow.events..", "dev.orderflow.schemagate..", "dev.orderflow.injector.."};
        JavaClasses contractClasses = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.orderflow.events", "dev.orderflow.schemagate", "dev.orderflow.injector");
        for (String contract : contracts) {
            assertThat(contractClasses.stream().filter(c -> c.getPackageName().startsWith(contract.replace("..", ""))))
                    .as("the classes of %s on the test class path", contract).isNotEmpty();
        }
        noClasses().that().resideInAnyPackage(contracts)
                .should().dependOnClassesThat().resideInAPackage("dev.orderflow.stack..")
                .because("the schemas, their gate and the console injector are used wherever events are: a cluster's CI"
                        + " or an operator's shell has no local stack (its launcher may use them, not the other way round)")
                .check(contractClasses);
    }
}
