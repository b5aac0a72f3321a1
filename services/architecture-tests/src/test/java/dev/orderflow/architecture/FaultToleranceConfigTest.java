package dev.orderflow.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Fault-tolerance policies are configuration, not code (issue #17 item 2): a MicroProfile Fault Tolerance annotation in
 * a service sets none of the values that tune it — what to retry on and where to fall back are the code's — and the
 * service's application.properties sets each of them for the method
 * ({@code <class>/<method>/<policy>/<parameter>}), so that an operator sees and changes every timeout, retry and
 * circuit in one place.
 */
class FaultToleranceConfigTest {

    private static final String FT = "org.eclipse.microprofile.faulttolerance.";

    /** Per policy, the values that tune it: each is set in configuration, none in the code. */
    private static final Map<String, List<String>> TUNING = Map.of(
            "Timeout", List.of("value"),
            "Retry", List.of("maxRetries", "delay", "jitter"),
            "CircuitBreaker", List.of("requestVolumeThreshold", "failureRatio", "delay", "successThreshold"),
            "Bulkhead", List.of("value", "waitingTaskQueue"));

    /**
     * Per policy, what is not set in the code either, though configuration need not set it: the units, which would change
     * the meaning of the configured numbers (milliseconds), and Retry's maxDuration, left at its default.
     */
    private static final Map<String, List<String>> NOT_IN_CODE = Map.of(
            "Timeout", List.of("unit"),
            "Retry", List.of("delayUnit", "jitterDelayUnit", "maxDuration", "durationUnit"),
            "CircuitBreaker", List.of("delayUnit"),
            "Bulkhead", List.of());

    @Test
    void everyPolicyTakesItsValuesFromTheServicesConfiguration() throws IOException {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(LayeringTest.SERVICES.stream().map(s -> "dev.orderflow." + s).toArray(String[]::new));
        List<String> guarded = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String service : LayeringTest.SERVICES) {
            Properties config = configuration(service);
            for (JavaMethod method : classes.stream().filter(c -> c.getPackageName().startsWith("dev.orderflow." + service + "."))
                    .flatMap(c -> c.getMethods().stream()).toList()) {
                for (JavaAnnotation<JavaMethod> annotation : method.getAnnotations()) {
                    String name = annotation.getRawType().getName();
                    String policy = name.substring(name.lastIndexOf('.') + 1);
                    if (!name.startsWith(FT) || !TUNING.containsKey(policy)) {
                        continue;
                    }
                    String key = method.getOwner().getName() + "/" + method.getName() + "/" + policy + "/";
                    guarded.add(method.getOwner().getSimpleName() + "." + method.getName() + " @" + policy);
                    for (String parameter : TUNING.get(policy)) {
                        if (annotation.hasExplicitlyDeclaredProperty(parameter)) {
                            problems.add(method.getFullName() + " sets @" + policy + "(" + parameter + ") in the code");
                        }
                        if (!config.containsKey(key + parameter)) {
                            problems.add("services/" + service + " does not configure " + key + parameter);
                        }
                    }
                    for (String parameter : NOT_IN_CODE.get(policy)) {
                        if (annotation.hasExplicitlyDeclaredProperty(parameter)) {
                            problems.add(method.getFullName() + " sets @" + policy + "(" + parameter
                                    + ") in the code: configuration holds the values, in milliseconds");
                        }
                    }
                }
            }
        }
        assertThat(guarded).as("the calls to the outside under fault tolerance")
                .contains("PaymentGateway.authorize @Retry", "PaymentGateway.refund @CircuitBreaker", "Carrier.schedule @Timeout",
                        "Carrier.cancel @Bulkhead");
        assertThat(problems).isEmpty();
    }

    private static Properties configuration(String service) throws IOException {
        Properties properties = new Properties();
        Path file = ServiceCode.REPO.resolve("services").resolve(service).resolve("src/main/resources/application.properties");
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        return properties;
    }
}
