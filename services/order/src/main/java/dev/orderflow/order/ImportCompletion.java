package dev.orderflow.order;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Tells when an import is done: every little while, the imports whose file is in and whose orders
 * have all ended are completed (ImportCompleted). Safe with several instances (OrderImports#completeDone).
 */
@ApplicationScoped
public class ImportCompletion {

    private static final int BATCH = 20;

    @Inject
    OrderImports imports;

    @Scheduled(every = "${orderflow.order.imports.completion-check:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> completeDone() {
        return imports.completeDone(BATCH).replaceWithVoid();
    }
}
