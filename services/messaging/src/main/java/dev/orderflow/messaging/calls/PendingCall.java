package dev.orderflow.messaging.calls;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A call to an external system that is due: what to call ({@code kind}, e.g. "authorize") about
 * which aggregate ({@code subject}, e.g. a payment id).
 *
 * @param attempt 1 for the first attempt; a higher number means an earlier attempt failed or its
 *                process died before recording the outcome
 */
public record PendingCall(long id, String kind, String subject, int attempt) {

    /** The subjects of these calls, in their order, each once. */
    public static Set<String> subjects(List<PendingCall> calls) {
        Set<String> subjects = new LinkedHashSet<>();
        calls.forEach(call -> subjects.add(call.subject()));
        return subjects;
    }

    /** What each call acts on, by call id, from what there is by subject (calls whose subject is absent are left out). */
    public static <T> Map<Long, T> byCall(List<PendingCall> calls, Map<String, T> bySubject) {
        Map<Long, T> byCall = new LinkedHashMap<>();
        for (PendingCall call : calls) {
            T target = bySubject.get(call.subject());
            if (target != null) {
                byCall.put(call.id(), target);
            }
        }
        return byCall;
    }
}
