package dev.orderflow.order.events;

import java.util.Map;

import dev.orderflow.events.imports.ImportCompleted;
import dev.orderflow.messaging.outbox.OutgoingEvent;
import dev.orderflow.order.domain.Import;
import dev.orderflow.order.domain.OrderStatus;

/** What the order service tells about imports, as events of the imports stream. */
public final class ImportEvents {

    private ImportEvents() {
    }

    /** The import is done: its counts, and how the orders it placed ended. */
    public static OutgoingEvent completed(Import done, Map<OrderStatus, Long> byStatus) {
        return OutgoingEvent.of(ImportCompleted.newBuilder()
                .setImportId(done.id())
                .setName(done.name())
                .setSha256(done.digest())
                .setImportedBy(done.createdBy())
                .setLinesRead(done.linesRead())
                .setPlaced(done.placed())
                .setRefused(done.refused())
                .setDuplicates(done.duplicates())
                .setConfirmed(byStatus.getOrDefault(OrderStatus.CONFIRMED, 0L))
                .setRejected(byStatus.getOrDefault(OrderStatus.REJECTED, 0L))
                .setFailed(byStatus.getOrDefault(OrderStatus.FAILED, 0L))
                .setExpired(byStatus.getOrDefault(OrderStatus.EXPIRED, 0L))
                .setCancelled(byStatus.getOrDefault(OrderStatus.CANCELLED, 0L))
                .setStartedAt(done.createdAt())
                .setFileReadAt(done.readAt())
                .setCompletedAt(done.completedAt())
                .build());
    }
}
