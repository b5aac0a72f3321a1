package dev.orderflow.messaging.inbox;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A fact a service's events adapter translated from an incoming event, in the service's own terms, with that event
 * kept as its cause: the use case decides on the fact alone and hands the cause back to the outbound mapping, so that
 * what it publishes continues the event's trace and can carry the state the event carried (event-carried state
 * transfer) without the use case reading it.
 *
 * @param fact  the fact, a domain type
 * @param cause the event it was translated from
 */
public record Translated<F>(F fact, ReceivedEvent cause) {

    public Translated {
        Objects.requireNonNull(fact, "fact");
        Objects.requireNonNull(cause, "cause");
    }

    /** Each event of a batch as its fact, in order. */
    public static <F> List<Translated<F>> each(List<ReceivedEvent> events, Function<ReceivedEvent, ? extends F> translation) {
        return events.stream().<Translated<F>>map(e -> new Translated<>(translation.apply(e), e)).toList();
    }
}
