package dev.orderflow.messaging.inbox;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Sends events that can never be processed to {@code <topic>.dlq}: the original value bytes, key
 * and headers exactly as received (so the event can be inspected and replayed as it was), plus
 * headers saying who gave up on it, where it came from, and why.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String SUFFIX = ".dlq";
    public static final String ERROR = "dlq-error";
    public static final String ERROR_CLASS = "dlq-error-class";
    public static final String ERROR_DETAIL = "dlq-error-detail";
    public static final String CONSUMER = "dlq-consumer";
    public static final String ORIGINAL_TOPIC = "dlq-original-topic";
    public static final String ORIGINAL_PARTITION = "dlq-original-partition";
    public static final String ORIGINAL_OFFSET = "dlq-original-offset";
    public static final String TIME = "dlq-time";
    /** Set (to the original size in bytes) when the original value was too large to be sent again with the headers. */
    public static final String VALUE_DROPPED = "dlq-value-dropped";

    /** The most characters of an error message and of its stack trace a dead letter carries. */
    static final int MAX_ERROR_CHARS = 2_000;
    static final int MAX_TRACE_CHARS = 4_000;

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    @Inject
    @Channel("orderflow-dead-letters")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    MutinyEmitter<byte[]> emitter;

    /**
     * Completes when the broker has the dead letter (acks=all). A record that was near the broker's
     * size limit may not fit again once the error headers are added: it is then dead-lettered without
     * its value, with {@value #VALUE_DROPPED} and where it came from, rather than failing for ever.
     */
    public Uni<Void> send(String consumer, String topic, int partition, long offset, String key, Headers original,
                          byte[] value, Throwable error) {
        Headers headers = new RecordHeaders();
        if (original != null) {
            for (Header header : original) {
                if (!header.key().startsWith("dlq-")) {
                    headers.add(header.key(), header.value());
                }
            }
        }
        String message = bounded(String.valueOf(error.getMessage()), MAX_ERROR_CHARS);
        add(headers, ERROR, message);
        add(headers, ERROR_CLASS, error.getClass().getName());
        add(headers, ERROR_DETAIL, bounded(stackTrace(error), MAX_TRACE_CHARS));
        add(headers, CONSUMER, consumer);
        add(headers, ORIGINAL_TOPIC, topic);
        add(headers, ORIGINAL_PARTITION, Integer.toString(partition));
        add(headers, ORIGINAL_OFFSET, Long.toString(offset));
        add(headers, TIME, Instant.now().toString());
        LOG.warnf("dead-lettering %s-%d@%d (key %s) for %s: %s", topic, partition, offset, key, consumer, message);
        byte[] bytes = value == null ? new byte[0] : value;
        return emit(topic, key, headers, bytes)
                .onFailure(DeadLetters::tooLarge).recoverWithUni(e -> {
                    LOG.warnf("dead letter of %s-%d@%d is too large for the broker (%d bytes); sending it without its value",
                            topic, partition, offset, bytes.length);
                    Headers smaller = new RecordHeaders(headers.toArray()); // a fresh copy: a sent record's headers may be closed
                    add(smaller, VALUE_DROPPED, Integer.toString(bytes.length));
                    return emit(topic, key, smaller, new byte[0]);
                });
    }

    private Uni<Void> emit(String topic, String key, Headers headers, byte[] value) {
        return emitter.sendMessage(Message.of(value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(topic + SUFFIX)
                        .withKey(key)
                        .withHeaders(headers)
                        .build()));
    }

    private static boolean tooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordTooLargeException) {
                return true;
            }
        }
        return false;
    }

    static String bounded(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "... (" + (text.length() - max) + " more characters)";
    }

    private static void add(Headers headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String stackTrace(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
