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

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    @Inject
    @Channel("orderflow-dead-letters")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    MutinyEmitter<byte[]> emitter;

    /** Completes when the broker has the dead letter (acks=all). */
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
        add(headers, ERROR, String.valueOf(error.getMessage()));
        add(headers, ERROR_CLASS, error.getClass().getName());
        add(headers, ERROR_DETAIL, stackTrace(error));
        add(headers, CONSUMER, consumer);
        add(headers, ORIGINAL_TOPIC, topic);
        add(headers, ORIGINAL_PARTITION, Integer.toString(partition));
        add(headers, ORIGINAL_OFFSET, Long.toString(offset));
        add(headers, TIME, Instant.now().toString());
        LOG.warnf("dead-lettering %s-%d@%d (key %s) for %s: %s", topic, partition, offset, key, consumer, error.getMessage());
        return emitter.sendMessage(Message.of(value == null ? new byte[0] : value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(topic + SUFFIX)
                        .withKey(key)
                        .withHeaders(headers)
                        .build()));
    }

    private static void add(Headers headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String stackTrace(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        String trace = out.toString();
        return trace.length() > 4000 ? trace.substring(0, 4000) : trace;
    }
}
