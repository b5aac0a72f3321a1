package dev.orderflow.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from its beginning to its current end, outside any consumer group, for tests and
 * tools that check what was published: records come in offset order per partition.
 */
public final class TopicReader {

    private TopicReader() {
    }

    /** Every blocking step of one read, and the whole read, ends within this (tests await reads for 60 s). */
    static final Duration BOUND = Duration.ofSeconds(30);

    /**
     * @param kafka where and as whom: a login's client properties ({@link LocalStack#kafkaAdmin()}), or a Quarkus
     *              application's {@code default-kafka-broker} configuration (only its address and login are used)
     * @throws IllegalStateException naming the step, when the read does not end within {@link #BOUND}: a read that
     *              hangs fails with its reason instead of running into the caller's own deadline without one
     */
    public static List<ConsumerRecord<String, byte[]>> read(Map<String, ?> kafka, String topic,
                                                            Predicate<ConsumerRecord<String, byte[]>> filter) {
        Map<String, Object> config = new HashMap<>(KafkaLogin.connection(kafka));
        config.put("enable.auto.commit", "false");
        config.put("default.api.timeout.ms", Long.toString(BOUND.toMillis()));
        List<ConsumerRecord<String, byte[]>> matching = new ArrayList<>();
        long deadline = System.nanoTime() + BOUND.toNanos();
        String step = "finding its partitions";
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, BOUND).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            step = "asking for its end offsets";
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, remaining(deadline));
            step = "reading it from its beginning to " + end;
            while (unread(consumer, partitions, end, deadline)) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("not at its end");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (filter.test(record)) {
                        matching.add(record);
                    }
                }
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not read " + topic + " within " + BOUND.toSeconds() + " s: "
                    + step + " timed out (" + e.getMessage() + ")", e);
        }
        return matching;
    }

    private static boolean unread(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions,
                                  Map<TopicPartition, Long> end, long deadline) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition, remaining(deadline)) < end.get(partition)) {
                return true;
            }
        }
        return false;
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
