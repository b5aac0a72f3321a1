package dev.orderflow.order;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.orderflow.messaging.Sequentially;
import dev.orderflow.messaging.outbox.Outbox;
import dev.orderflow.messaging.outbox.OutgoingEvent;
import dev.orderflow.order.domain.Customer;
import dev.orderflow.order.domain.Import;
import dev.orderflow.order.domain.ImportLine;
import dev.orderflow.order.domain.InvalidOrderException;
import dev.orderflow.order.domain.Order;
import dev.orderflow.order.domain.Product;
import dev.orderflow.order.domain.TimelineEntry;
import dev.orderflow.order.events.ImportEvents;
import dev.orderflow.order.events.OrderEvents;
import dev.orderflow.order.persistence.ImportStore;
import dev.orderflow.order.persistence.OrderStore;
import dev.orderflow.order.persistence.ReplicaStore;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Imports of orders from files. Each chunk of lines is one transaction: its orders priced from the
 * replicas and inserted with one statement, their OrderPlaced staged with one outbox batch, the lines
 * that place nothing recorded with their reason, and the import's place in the file moved on — so a
 * crash loses no line and places none twice, and the importer goes on from that place.
 */
@ApplicationScoped
public class OrderImports {

    private static final Logger LOG = Logger.getLogger(OrderImports.class);

    /** No import with that id. */
    public static class ImportNotFoundException extends RuntimeException {
        public ImportNotFoundException(String id) {
            super("no import " + id);
        }
    }

    /** The file was imported before in another format. */
    public static class FormatMismatchException extends RuntimeException {
        public FormatMismatchException(Import existing) {
            super("this file is import " + existing.id() + ", read as " + existing.format() + "; it cannot be read as another format");
        }
    }

    /** What opening an import did: started one, or found the import of the same file. */
    public record Opened(Import imported, boolean created) {
    }

    private final ImportStore imports;
    private final OrderStore orders;
    private final ReplicaStore replicas;
    private final Outbox outbox;
    private final Clock clock = Clock.systemUTC();

    OrderImports(ImportStore imports, OrderStore orders, ReplicaStore replicas, Outbox outbox) {
        this.imports = imports;
        this.orders = orders;
        this.replicas = replicas;
        this.outbox = outbox;
    }

    /** Opens the import of a file, once per file: the same file again (same digest) is the same import. */
    @WithTransaction
    public Uni<Opened> open(String name, Import.Format format, String digest, String by) {
        Import opened = Import.open(UUID.randomUUID().toString(), digest, name, format, by, clock.instant());
        return imports.insertOrFind(opened).map(found -> {
            if (found.format() != format) {
                throw new FormatMismatchException(found);
            }
            return new Opened(found, found.id().equals(opened.id()));
        });
    }

    /** The import (its counts, not yet its orders by status). */
    @WithSession
    public Uni<Import> find(String id) {
        return imports.find(id).map(found -> found.orElseThrow(() -> new ImportNotFoundException(id)));
    }

    /** The import and how far it is. */
    @WithSession
    public Uni<Import.Progress> progress(String id) {
        return imports.find(id).map(found -> found.orElseThrow(() -> new ImportNotFoundException(id)))
                .chain(i -> imports.ordersByStatus(id).map(counts -> i.progress(counts, clock.instant())));
    }

    /**
     * Reads the lines after line {@code from} up to {@code lastLine}: places the orders they ask for that
     * can be placed and were not imported before, and records the others with the reason.
     */
    @WithTransaction
    public Uni<Import> read(String id, long from, List<ImportLine> lines, long lastLine) {
        return imports.lock(id).map(found -> found.orElseThrow(() -> new ImportNotFoundException(id))).chain(i -> {
            i.expectLinesAfter(from);
            Set<String> skus = new LinkedHashSet<>();
            Set<String> customerIds = new LinkedHashSet<>();
            for (ImportLine line : lines) {
                if (line instanceof ImportLine.Requested r) {
                    customerIds.add(r.customerId());
                    r.requests().forEach(q -> skus.add(q.sku()));
                }
            }
            return replicas.products(skus).chain(products -> replicas.customers(customerIds)
                    .chain(customers -> place(i, lines, lastLine, products, customers)));
        });
    }

    private Uni<Import> place(Import i, List<ImportLine> lines, long lastLine, Map<String, Product> products,
                              Map<String, Customer> customers) {
        Instant now = clock.instant();
        Map<String, ImportLine.Requested> requestOf = new LinkedHashMap<>();
        List<ImportStore.Keyed> placeable = new ArrayList<>();
        List<ImportLine.Refused> refusals = new ArrayList<>();
        for (ImportLine line : lines) {
            switch (line) {
                case ImportLine.Refused u -> refusals.add(u);
                case ImportLine.Requested r -> {
                    try {
                        Order order = Order.place(UUID.randomUUID().toString(), customers.get(r.customerId()),
                                r.shippingAddress(), r.requests(), products, Order.Channel.BATCH_IMPORT, now);
                        placeable.add(new ImportStore.Keyed(order, r.key(i.digest())));
                        requestOf.put(order.id(), r);
                    } catch (InvalidOrderException e) {
                        String reason = customers.containsKey(r.customerId()) ? e.getMessage() : "unknown customer " + r.customerId();
                        refusals.add(new ImportLine.Refused(r.line(), r.externalId(), reason));
                    }
                }
            }
        }
        long refused = refusals.size();
        return imports.insertOrders(i.id(), placeable).chain(inserted -> {
            List<OutgoingEvent> placed = new ArrayList<>(inserted.size());
            Map<String, List<TimelineEntry>> entries = new LinkedHashMap<>();
            for (ImportStore.Keyed keyed : placeable) {
                if (inserted.contains(keyed.order().id())) {
                    OutgoingEvent event = OrderEvents.placed(keyed.order());
                    placed.add(event);
                    entries.put(keyed.order().id(), List.of(OrderEvents.ownEntry(event, now)));
                } else {
                    ImportLine.Requested r = requestOf.get(keyed.order().id());
                    refusals.add(new ImportLine.Refused(r.line(), r.externalId(), r.externalId() != null
                            ? "order " + r.externalId() + " was imported before" : "this line of this file was imported before"));
                }
            }
            long duplicates = placeable.size() - inserted.size();
            Import after = i.read(lastLine, inserted.size(), refused, duplicates, now);
            return outbox.stage(placed)
                    .chain(() -> orders.append(entries))
                    .chain(() -> imports.refuse(i.id(), refusals))
                    .chain(() -> imports.update(after))
                    .invoke(() -> LOG.debugf("import %s read up to line %d: %d placed, %d refused, %d imported before",
                            i.id(), lastLine, inserted.size(), refused, duplicates))
                    .replaceWith(after);
        });
    }

    /** Marks the file as in: every one of its {@code lines} lines has been read. */
    @WithTransaction
    public Uni<Import> end(String id, long lines) {
        return imports.lock(id).map(found -> found.orElseThrow(() -> new ImportNotFoundException(id))).chain(i -> {
            Import ended = i.end(lines, clock.instant());
            if (ended == i) {
                return Uni.createFrom().item(i);
            }
            LOG.infof("import %s (%s): all %d line(s) read; %d order(s) placed, %d line(s) refused, %d imported before",
                    id, i.name(), lines, i.placed(), i.refused(), i.duplicates());
            return imports.update(ended).replaceWith(ended);
        });
    }

    /**
     * Completes the imports that are done (file in, none of their orders under way), a few at a time:
     * each is marked and ImportCompleted staged in one transaction. Safe with several instances (each
     * locks the imports it looks at and skips those another holds).
     *
     * @return how many it completed
     */
    @WithTransaction
    public Uni<Integer> completeDone(int limit) {
        int[] completed = {0};
        return imports.lockOpen(limit)
                .chain(open -> Sequentially.each(open, i -> completeIfDone(i).invoke(done -> completed[0] += done ? 1 : 0)))
                .map(ignored -> completed[0]);
    }

    /** Completes the import if none of its orders is under way (counting them by status reads all: only then). */
    private Uni<Boolean> completeIfDone(Import i) {
        return imports.anyUnderWay(i.id()).chain(busy -> busy ? Uni.createFrom().item(false)
                : imports.ordersByStatus(i.id()).chain(byStatus -> i.complete(byStatus, clock.instant())
                        .map(done -> outbox.stage(ImportEvents.completed(done, byStatus))
                                .chain(() -> imports.update(done))
                                .invoke(() -> LOG.infof("import %s (%s) completed: %d line(s), %d order(s) placed and ended %s",
                                        i.id(), i.name(), i.linesRead(), i.placed(), byStatus))
                                .replaceWith(true))
                        .orElse(Uni.createFrom().item(false))));
    }

    /** The lines the import did not place, in file order, after a line (a page at a time). */
    @WithSession
    public Uni<List<ImportLine.Refused>> refusals(String id, long afterLine, int limit) {
        return imports.find(id).map(found -> found.orElseThrow(() -> new ImportNotFoundException(id)))
                .chain(() -> imports.refusals(id, afterLine, limit));
    }

    /**
     * Orders placed and not yet ended, of every channel: what the services downstream have still to do.
     * An import paces itself by it, so that interactive orders do not queue behind the import's.
     */
    @WithSession
    public Uni<Long> underWay() {
        return imports.ordersUnderWay();
    }
}
