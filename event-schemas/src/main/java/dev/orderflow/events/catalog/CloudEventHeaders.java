package dev.orderflow.events.catalog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Event metadata as CloudEvents 1.0 Kafka headers (binary content mode): every event on every
 * topic carries these, whoever produced it. {@link #ID} is what consumers deduplicate on.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_1_0 = "1.0";
    /** Avro binary, with the registry's schema id in front (Apicurio's wire format). */
    public static final String AVRO_CONTENT_TYPE = "application/avro";

    private CloudEventHeaders() {
    }

    /**
     * @param type    the event's Avro full name (e.g. dev.orderflow.events.orders.OrderPlaced)
     * @param source  who produced it, as a URI reference (e.g. /orderflow/order)
     * @param subject the aggregate the event is about (the Kafka key)
     */
    public static Map<String, byte[]> of(String id, String type, String source, Instant time, String subject) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put(SPEC_VERSION, utf8(SPEC_VERSION_1_0));
        headers.put(ID, utf8(id));
        headers.put(TYPE, utf8(type));
        headers.put(SOURCE, utf8(source));
        headers.put(TIME, utf8(DateTimeFormatter.ISO_INSTANT.format(time)));
        headers.put(SUBJECT, utf8(subject));
        headers.put(CONTENT_TYPE, utf8(AVRO_CONTENT_TYPE));
        return headers;
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
