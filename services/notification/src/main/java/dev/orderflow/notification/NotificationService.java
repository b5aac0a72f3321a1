package dev.orderflow.notification;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.orderflow.messaging.calls.Calls;
import dev.orderflow.messaging.calls.PendingCall;
import dev.orderflow.messaging.inbox.ReceivedEvent;
import dev.orderflow.notification.domain.Notification;
import dev.orderflow.notification.events.NotificationEvents;
import dev.orderflow.notification.persistence.NotificationStore;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The notification service's use cases: an order transition becomes one notification row (unique
 * per order and transition) and a pending send, in the inbox's transaction; the mail goes out
 * afterwards, at most once.
 */
@ApplicationScoped
public class NotificationService {

    public static final String SEND = "send-mail";

    private static final Logger LOG = Logger.getLogger(NotificationService.class);

    private final NotificationStore store;
    private final Calls calls;

    NotificationService(NotificationStore store, Calls calls) {
        this.store = store;
        this.calls = calls;
    }

    /** Runs inside the inbox's transaction. */
    public Uni<Void> apply(List<ReceivedEvent> events) {
        List<Notification> composed = new ArrayList<>();
        for (ReceivedEvent event : events) {
            NotificationEvents.notice(event).ifPresent(n -> composed.add(Notification.compose(UUID.randomUUID().toString(), n)));
        }
        return store.insertNew(composed).chain(inserted -> {
            composed.stream().filter(n -> !inserted.contains(n.id()))
                    .forEach(n -> LOG.infof("order %s: %s notified already", n.orderId(), n.transition()));
            return calls.stage(SEND, inserted);
        });
    }

    /**
     * Takes a notification to send: marks it as being sent and returns it. Returns null if there is
     * nothing to send, and when an earlier attempt got as far as the mail server but never recorded
     * how it went: that one is marked uncertain and not sent again (at most once).
     */
    @WithTransaction
    public Uni<Notification> startSending(PendingCall call) {
        return store.lock(call.subject()).chain(found -> {
            if (found.isEmpty() || found.get().status() != Notification.Status.PENDING) {
                Uni<Void> settle = found.isPresent() && found.get().status() == Notification.Status.SENDING
                        ? store.setStatus(call.subject(), Notification.Status.UNCERTAIN)
                        .invoke(() -> LOG.warnf("notification %s (order %s, %s): an earlier attempt may have sent it;"
                                + " not sending again", call.subject(), found.get().orderId(), found.get().transition()))
                        : Uni.createFrom().voidItem();
                return settle.chain(() -> calls.complete(call)).replaceWith((Notification) null);
            }
            return store.setStatus(call.subject(), Notification.Status.SENDING).replaceWith(found.get());
        });
    }

    @WithTransaction
    public Uni<Void> sent(PendingCall call, Notification notification) {
        LOG.debugf("order %s: %s mail sent to %s", notification.orderId(), notification.transition(), notification.recipient());
        return store.setStatus(notification.id(), Notification.Status.SENT).chain(() -> calls.complete(call));
    }

    /** The mail server refused or could not be reached: nothing went out, the notification is sent later. */
    @WithTransaction
    public Uni<Void> notSent(Notification notification) {
        return store.setStatus(notification.id(), Notification.Status.PENDING);
    }
}
