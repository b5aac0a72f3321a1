package dev.orderflow.messaging.calls;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;

/**
 * Makes the external calls of one kind, a claimed batch at a time, in three steps that
 * {@link CallRunner} drives:
 * <ol>
 * <li>{@link #begin}, in one transaction for the batch: what each call acts on. A call left out of
 *     the answer has nothing (left) to do and is completed in that transaction. It may change state
 *     (say, that a mail is being sent).</li>
 * <li>{@link #call}, outside any transaction, for each call concurrently: the external system.</li>
 * <li>{@link #record}, in one transaction for the batch: the outcomes. The runner completes, in the
 *     same transaction, the calls that were answered; a call that failed stays pending and comes due
 *     again after a back-off.</li>
 * </ol>
 * When a batch's transaction fails, the runner runs that step again one call at a time, so that one
 * call that cannot be begun or recorded does not hold back the others. Calls must be safe to repeat
 * (an idempotency key, or a check of the recorded state first): an instance may die between the call
 * and its record.
 *
 * @param <T> what a call acts on, as read in {@link #begin}
 * @param <R> the external system's answer
 */
public interface CallHandler<T, R> {

    /** The kind of call this handler makes (unique within a service). */
    String kind();

    /** Inside a transaction: what each call acts on, by call id; calls left out are completed. */
    Uni<Map<Long, T>> begin(List<PendingCall> calls);

    /** Outside any transaction: the external call. A failure leaves the call pending. */
    Uni<R> call(PendingCall call, T target);

    /** Inside a transaction: records the outcomes, answered or failed (the runner completes the answered calls). */
    Uni<Void> record(List<Outcome<T, R>> outcomes);

    /**
     * What came of one call: {@code answer} when the external system answered, {@code failure} when
     * the call failed (and will be retried).
     */
    record Outcome<T, R>(PendingCall call, T target, R answer, Throwable failure) {

        public boolean answered() {
            return failure == null;
        }

        /** The answers of the calls that were answered, by a key of their targets (e.g. the aggregate's id). */
        public static <T, R, K> Map<K, R> answers(List<Outcome<T, R>> outcomes, Function<T, K> key) {
            Map<K, R> answers = new LinkedHashMap<>();
            outcomes.stream().filter(Outcome::answered).forEach(o -> answers.put(key.apply(o.target()), o.answer()));
            return answers;
        }
    }
}
