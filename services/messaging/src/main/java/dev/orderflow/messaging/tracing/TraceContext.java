package dev.orderflow.messaging.tracing;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * W3C trace context as it travels with events: captured into outbox rows, written into Kafka
 * headers, and read back on the consuming side, so that one order is one trace across services.
 */
public final class TraceContext {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private static final TextMapSetter<Map<String, String>> MAP_SETTER = (carrier, key, value) -> carrier.put(key, value);

    private TraceContext() {
    }

    /** The W3C fields (traceparent, tracestate) of a context; empty strings when it holds no span. */
    public static Map<String, String> capture(Context context) {
        Map<String, String> fields = new HashMap<>();
        W3C.inject(context, fields, MAP_SETTER);
        fields.putIfAbsent(TRACEPARENT, "");
        fields.putIfAbsent(TRACESTATE, "");
        return fields;
    }

    /** The context the W3C fields describe (the root context when they are empty). */
    public static Context restore(String traceparent, String tracestate) {
        Map<String, String> fields = new HashMap<>();
        if (traceparent != null && !traceparent.isEmpty()) {
            fields.put(TRACEPARENT, traceparent);
        }
        if (tracestate != null && !tracestate.isEmpty()) {
            fields.put(TRACESTATE, tracestate);
        }
        return W3C.extract(Context.root(), fields, MAP_GETTER);
    }

    /** The context carried by a Kafka record's headers. */
    public static Context extract(Headers headers) {
        return restore(last(headers, TRACEPARENT), last(headers, TRACESTATE));
    }

    /** Writes the context's W3C fields into Kafka headers, replacing any there. */
    public static void inject(Context context, Headers headers) {
        headers.remove(TRACEPARENT);
        headers.remove(TRACESTATE);
        capture(context).forEach((key, value) -> {
            if (!value.isEmpty()) {
                headers.add(key, value.getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    private static String last(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
