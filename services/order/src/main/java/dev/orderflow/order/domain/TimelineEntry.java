package dev.orderflow.order.domain;

import java.time.Instant;

/**
 * One fact about an order, as its timeline shows it.
 *
 * @param event   the fact's name (the event type, e.g. StockReserved)
 * @param source  who reported it (the publishing service)
 * @param detail  what it said, for people
 * @param eventId the event's id (empty for none)
 */
public record TimelineEntry(Instant at, String event, String source, String detail, String eventId) {
}
