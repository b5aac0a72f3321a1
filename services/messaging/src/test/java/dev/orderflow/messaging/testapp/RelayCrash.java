package dev.orderflow.messaging.testapp;

import java.util.concurrent.atomic.AtomicInteger;

import dev.orderflow.messaging.outbox.OutboxBatchPublished;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Makes the relay fail after the broker acknowledged a batch and before it is marked, like a crash there. */
@ApplicationScoped
public class RelayCrash {

    private final AtomicInteger armed = new AtomicInteger();

    public void armOnce() {
        armed.set(1);
    }

    void afterPublish(@Observes OutboxBatchPublished batch) {
        if (armed.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("simulated crash between publish and mark (" + batch.eventIds().size() + " events)");
        }
    }
}
