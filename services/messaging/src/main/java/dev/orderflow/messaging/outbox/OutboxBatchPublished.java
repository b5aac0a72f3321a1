package dev.orderflow.messaging.outbox;

import java.util.List;

/**
 * Fired synchronously by the relay after the broker acknowledged a batch and before the rows are
 * marked published. An observer that throws makes the relay treat the round as failed (the rows
 * go again), exactly what a crash at that point does.
 */
public record OutboxBatchPublished(List<String> eventIds) {
}
