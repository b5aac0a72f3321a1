package dev.orderflow.architecture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.orderflow.events.catalog.CatalogDocument.Site;
import dev.orderflow.events.catalog.EventCatalog;

/**
 * What the services' compiled code does with events, read from their bytecode (ArchUnit), for every
 * service the catalog names:
 * <ul>
 * <li><b>built</b> — the event types a service's code builds ({@code X.newBuilder(..)} or {@code new X(..)}),
 * with the methods that do;</li>
 * <li><b>handled</b> — the event types its subscriptions ({@code @Incoming} methods) hand to a handler: the
 * types of the channel's topic that its class names ({@code List.of(X.class, ..)} passed to
 * {@code EventProcessor.process}, or a constant holding one), or all of them for a subscription that
 * passes no type list; with the handler (the method reference it passes, e.g. {@code payments::apply}).</li>
 * </ul>
 * An event type is one of the catalog's: event-schemas' EventCatalogTest keeps them equal to the records with a
 * schema file of their own outside {@code common/} (whose records are parts of events).
 *
 * @param builtAt   per service, per event type (full name), the methods that build one
 * @param handledAt per service, per event type, the handlers its subscriptions give one to
 */
record ServiceCode(Map<String, Map<String, List<Site>>> builtAt, Map<String, Map<String, List<Site>>> handledAt) {

    private static final String INCOMING = "org.eclipse.microprofile.reactive.messaging.Incoming";
    private static final String PROCESSOR = "dev.orderflow.messaging.inbox.EventProcessor";
    static final Path REPO = Path.of(System.getProperty("orderflow.repo", "../.."));

    private static ServiceCode read;

    /** The services' code as compiled (read once per test run). */
    static synchronized ServiceCode read(EventCatalog catalog) {
        if (read == null) {
            read = readNow(catalog);
        }
        return read;
    }

    private static ServiceCode readNow(EventCatalog catalog) {
        Set<String> eventTypes = new TreeSet<>(catalog.eventTypes().stream().map(EventCatalog.EventType::type).toList());
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.orderflow");
        Map<String, Map<String, List<Site>>> built = new TreeMap<>();
        Map<String, Map<String, List<Site>>> handled = new TreeMap<>();
        for (String service : services(catalog)) {
            List<JavaClass> own = classes.stream().filter(c -> c.getPackageName().equals("dev.orderflow." + service)
                    || c.getPackageName().startsWith("dev.orderflow." + service + ".")).toList();
            if (own.isEmpty()) {
                throw new IllegalStateException("no classes of the " + service + " service on the test class path");
            }
            built.put(service, builtBy(service, own, eventTypes));
            handled.put(service, handledBy(service, own, eventTypes, catalog));
        }
        return new ServiceCode(built, handled);
    }

    /** Per service, the event types it builds. */
    Map<String, Set<String>> produced() {
        return types(builtAt);
    }

    /** Per service, the event types its subscriptions take. */
    Map<String, Set<String>> consumed() {
        return types(handledAt);
    }

    /** Per event type, every method of any service that builds one (or subscription that takes one). */
    static Map<String, List<Site>> byType(Map<String, Map<String, List<Site>>> perService) {
        Map<String, List<Site>> byType = new TreeMap<>();
        perService.values().forEach(m -> m.forEach((type, sites) -> byType.computeIfAbsent(type, t -> new ArrayList<>()).addAll(sites)));
        return byType;
    }

    private static Map<String, Set<String>> types(Map<String, Map<String, List<Site>>> perService) {
        Map<String, Set<String>> types = new TreeMap<>();
        perService.forEach((service, sites) -> types.put(service, new TreeSet<>(sites.keySet())));
        return types;
    }

    /** Every service the catalog names, as a producer or a consumer. */
    private static Set<String> services(EventCatalog catalog) {
        Set<String> services = new TreeSet<>();
        for (EventCatalog.Stream stream : catalog.streams()) {
            services.add(stream.producer());
            stream.events().forEach(e -> services.addAll(e.consumers()));
        }
        return services;
    }

    private static Map<String, List<Site>> builtBy(String service, List<JavaClass> classes, Set<String> eventTypes) {
        Map<String, Set<Site>> built = new TreeMap<>();
        for (JavaClass c : classes) {
            c.getMethodCallsFromSelf().stream()
                    .filter(call -> call.getName().equals("newBuilder") && eventTypes.contains(call.getTargetOwner().getName()))
                    .forEach(call -> add(built, call.getTargetOwner().getName(), site(service, call.getOrigin())));
            c.getConstructorCallsFromSelf().stream()
                    .filter(call -> eventTypes.contains(call.getTargetOwner().getName()))
                    .forEach(call -> add(built, call.getTargetOwner().getName(), site(service, call.getOrigin())));
        }
        return sorted(built);
    }

    private static Map<String, List<Site>> handledBy(String service, List<JavaClass> classes, Set<String> eventTypes,
                                                     EventCatalog catalog) {
        Properties config = configuration(service);
        Map<String, Set<Site>> handled = new TreeMap<>();
        for (JavaClass c : classes) {
            Set<String> named = new TreeSet<>();
            c.getReferencedClassObjects().stream().map(r -> r.getRawType().getName()).filter(eventTypes::contains).forEach(named::add);
            for (JavaMethod subscription : c.getMethods()) {
                if (!subscription.isAnnotatedWith(INCOMING)) {
                    continue;
                }
                String channel = (String) subscription.getAnnotationOfType(INCOMING).get("value").orElseThrow();
                String topic = config.getProperty("mp.messaging.incoming." + channel + ".topic", channel);
                boolean takesAll = subscription.getMethodCallsFromSelf().stream()
                        .filter(call -> call.getTargetOwner().getName().equals(PROCESSOR) && call.getName().equals("process"))
                        .anyMatch(call -> call.getTarget().getRawParameterTypes().stream().noneMatch(t -> t.isAssignableTo(Collection.class)));
                catalog.streams().stream().filter(s -> s.topic().equals(topic)).flatMap(s -> s.events().stream())
                        .map(EventCatalog.EventType::type)
                        .filter(type -> takesAll || named.contains(type))
                        .forEach(type -> add(handled, type, handler(service, subscription)));
            }
        }
        return sorted(handled);
    }

    private static void add(Map<String, Set<Site>> sites, String type, Site site) {
        sites.computeIfAbsent(type, t -> new TreeSet<>(java.util.Comparator.comparing(Site::label))).add(site);
    }

    private static Map<String, List<Site>> sorted(Map<String, Set<Site>> sites) {
        Map<String, List<Site>> sorted = new TreeMap<>();
        sites.forEach((type, s) -> sorted.put(type, List.copyOf(s)));
        return sorted;
    }

    /**
     * The use case a subscription hands its events to — a call in the lambda it passes ({@code events -> shipping.apply(..)}),
     * else a method reference to it ({@code payments::apply}) — or the subscription itself.
     */
    private static Site handler(String service, JavaMethod subscription) {
        String useCases = "dev.orderflow." + service;
        Stream<Site> referenced = subscription.getMethodReferencesFromSelf().stream()
                .filter(ref -> ref.getTargetOwner().getPackageName().equals(useCases))
                .map(ref -> site(service, ref.getTargetOwner(), ref.getTarget().getName()));
        // ArchUnit counts what a lambda's body calls as called by the method the lambda is written in.
        Stream<Site> calledInLambda = subscription.getMethodCallsFromSelf().stream()
                .filter(call -> call.getTargetOwner().getPackageName().equals(useCases))
                .map(call -> site(service, call.getTargetOwner(), call.getName()));
        return Stream.concat(calledInLambda, referenced).findFirst().orElseGet(() -> site(service, subscription));
    }

    /** {@code OuterClass.method} in its source file, a lambda named after the method it is written in. */
    private static Site site(String service, JavaCodeUnit unit) {
        String method = unit.getName();
        if (method.startsWith("lambda$")) {
            method = method.split("\\$")[1];
        } else if (method.equals("<init>")) {
            method = unit.getOwner().getSimpleName();
        }
        return site(service, unit.getOwner(), method);
    }

    private static Site site(String service, JavaClass declaring, String method) {
        JavaClass owner = declaring;
        while (owner.getEnclosingClass().isPresent()) {
            owner = owner.getEnclosingClass().get();
        }
        String file = declaring.getSource().flatMap(s -> s.getFileName()).orElse(owner.getSimpleName() + ".java");
        return new Site(owner.getSimpleName() + "." + method,
                "services/" + service + "/src/main/java/" + owner.getPackageName().replace('.', '/') + "/" + file);
    }

    private static Properties configuration(String service) {
        Properties config = new Properties();
        try (InputStream in = Files.newInputStream(REPO.resolve("services").resolve(service).resolve("src/main/resources/application.properties"))) {
            config.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }
}
