package dev.orderflow.notification.persistence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.orderflow.messaging.MultiRowSql;
import dev.orderflow.notification.domain.Notice;
import dev.orderflow.notification.domain.Notification;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Notifications, inside the caller's transaction. */
@ApplicationScoped
public class NotificationStore {

    /** Inserts the notifications not there yet (by order and transition); returns the ids of those inserted. */
    public Uni<Set<String>> insertNew(List<Notification> notifications) {
        if (notifications.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        MultiRowSql sql = MultiRowSql.values("insert into notifications (id, order_id, transition, recipient, subject, body, status) values",
                notifications.stream().map(n -> new Object[] {n.id(), n.orderId(), n.transition().name(), n.recipient(),
                        n.subject(), n.body(), n.status().name()}).toList(),
                "on conflict (order_id, transition) do nothing returning id");
        return Panache.getSession().chain(s -> sql.bind(s.createNativeQuery(sql.sql(), String.class)).getResultList())
                .map(HashSet::new);
    }

    /** Locks these notifications (in id order), by id. */
    public Uni<Map<String, Notification>> lock(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("select id, order_id, transition, recipient, subject, body,"
                        + " status from notifications where id in (:ids) order by id for update", Object[].class)
                .setParameter("ids", new ArrayList<>(ids)).getResultList())
                .map(rows -> {
                    Map<String, Notification> byId = new LinkedHashMap<>();
                    rows.forEach(r -> byId.put((String) r[0], new Notification((String) r[0], (String) r[1],
                            Notice.Transition.valueOf((String) r[2]), (String) r[3], (String) r[4], (String) r[5],
                            Notification.Status.valueOf((String) r[6]))));
                    return byId;
                });
    }

    public Uni<Void> setStatus(Collection<String> ids, Notification.Status status) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("update notifications set status = :status,"
                        + " sent_at = case when :status = 'SENT' then now() else sent_at end where id in (:ids)")
                .setParameter("status", status.name()).setParameter("ids", new ArrayList<>(ids)).executeUpdate())
                .replaceWithVoid();
    }
}
