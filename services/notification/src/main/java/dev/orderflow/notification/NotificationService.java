package dev.orderflow.notification;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.orderflow.messaging.calls.Calls;
import dev.orderflow.messaging.inbox.ReceivedEvent;
import dev.orderflow.notification.domain.Notification;
import dev.orderflow.notification.events.NotificationEvents;
import dev.orderflow.notification.persistence.NotificationStore;
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
     * Takes notifications to send: marks them as being sent and returns them, by id. Leaves out those
     * with nothing to send, and those an earlier attempt got as far as the mail server with but never
     * recorded how it went: these are marked uncertain and not sent again (at most once). Runs inside
     * the caller's transaction, which must commit before any mail goes out.
     */
    public Uni<Map<String, Notification>> startSending(Collection<String> ids) {
        return store.lock(ids).chain(found -> {
            Map<String, Notification> toSend = new LinkedHashMap<>();
            List<String> uncertain = new ArrayList<>();
            for (Notification n : found.values()) {
                if (n.status() == Notification.Status.PENDING) {
                    toSend.put(n.id(), n);
                } else if (n.status() == Notification.Status.SENDING) {
                    LOG.warnf("notification %s (order %s, %s): an earlier attempt may have sent it; not sending again",
                            n.id(), n.orderId(), n.transition());
                    uncertain.add(n.id());
                }
            }
            return store.setStatus(uncertain, Notification.Status.UNCERTAIN)
                    .chain(() -> store.setStatus(toSend.keySet(), Notification.Status.SENDING))
                    .replaceWith(toSend);
        });
    }

    /**
     * Records how sending went (inside the caller's transaction): sent, or refused by or unreachable
     * at the mail server, in which case nothing went out and the notification is sent later.
     */
    public Uni<Void> sendingEnded(Collection<Notification> sent, Collection<Notification> notSent) {
        sent.forEach(n -> LOG.debugf("order %s: %s mail sent to %s", n.orderId(), n.transition(), n.recipient()));
        return store.setStatus(sent.stream().map(Notification::id).toList(), Notification.Status.SENT)
                .chain(() -> store.setStatus(notSent.stream().map(Notification::id).toList(), Notification.Status.PENDING));
    }
}
