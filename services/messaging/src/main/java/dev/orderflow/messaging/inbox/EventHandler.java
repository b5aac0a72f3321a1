package dev.orderflow.messaging.inbox;

import java.util.List;

import io.smallrye.mutiny.Uni;

/**
 * A service's reaction to a batch of new events, run inside one Hibernate Reactive transaction
 * together with the inbox records of those events (and whatever it stages in the outbox).
 * Events this consumer has already applied are filtered out before it is called.
 */
@FunctionalInterface
public interface EventHandler {

    Uni<Void> handle(List<ReceivedEvent> events);
}
