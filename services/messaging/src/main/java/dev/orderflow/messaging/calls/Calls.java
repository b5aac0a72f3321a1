package dev.orderflow.messaging.calls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.orderflow.messaging.MultiRowSql;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The pending external calls of a service, staged and completed inside the caller's transaction:
 * a call is decided with the state change that needs it, and is gone with the state change that
 * records its result. {@link CallRunner} makes them in between, outside any transaction.
 */
@ApplicationScoped
public class Calls {

    /** Stages a call (no-op if one of that kind is already pending for the subject). */
    public Uni<Void> stage(String kind, String subject) {
        return stage(kind, List.of(subject));
    }

    /** Stages a call of one kind for each subject, in one statement (each a no-op if already pending). */
    public Uni<Void> stage(String kind, Collection<String> subjects) {
        if (subjects.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        MultiRowSql sql = MultiRowSql.values("insert into pending_calls (kind, subject) values",
                subjects.stream().map(subject -> new Object[] {kind, subject}).toList(),
                "on conflict (kind, subject) do nothing");
        return Panache.getSession().chain(s -> sql.bind(s.createNativeQuery(sql.sql())).executeUpdate()).replaceWithVoid();
    }

    /** Removes calls whose outcome the current transaction records (one statement). */
    Uni<Void> complete(Collection<PendingCall> calls) {
        if (calls.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Long> ids = new ArrayList<>(calls.size());
        calls.forEach(call -> ids.add(call.id()));
        return Panache.getSession().chain(s -> s.createNativeQuery("delete from pending_calls where id in (:ids)")
                .setParameter("ids", ids)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Gives up a call's lease: it comes due again after the delay, with the error kept for operators. */
    Uni<Void> retryLater(PendingCall call, Duration delay, Throwable error) {
        return Panache.getSession().chain(s -> s.createNativeQuery("update pending_calls set leased_until = null,"
                        + " due_at = now() + make_interval(secs => :delay), last_error = :error where id = :id")
                .setParameter("delay", delay.toMillis() / 1000.0)
                .setParameter("error", String.valueOf(error))
                .setParameter("id", call.id())
                .executeUpdate())
                .replaceWithVoid();
    }
}
