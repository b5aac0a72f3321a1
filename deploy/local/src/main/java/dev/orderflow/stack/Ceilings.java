package dev.orderflow.stack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the machine's infrastructure can do at most, measured on the running stack so the
 * benchmark's figures can be read as a fraction of it: the raw Kafka producer rate with the
 * services' own safety settings (acks=all, idempotence), and PostgreSQL's rate of small single-row
 * transactions with synchronous commit, as the services' databases are configured.
 */
final class Ceilings {

    static final String KAFKA_TOPIC = "bench-ceiling";
    static final String DATABASE = "bench";

    /** The ceilings measured. */
    record Figures(double kafkaRecordsPerSecond, int kafkaRecordBytes, double postgresTransactionsPerSecond,
                   int postgresConnections) {
    }

    private final LocalStack stack;

    Ceilings(LocalStack stack) {
        this.stack = stack;
    }

    Figures measure(Duration each) {
        return new Figures(kafka(each), RECORD_BYTES, postgres(each), PG_CONNECTIONS);
    }

    private static final int RECORD_BYTES = 600; // about the size of an encoded OrderPlaced with two lines
    private static final int PG_CONNECTIONS = 8;

    /** Records/s of one producer sending 600-byte records, keyed like the services' events, for the given time. */
    private double kafka(Duration duration) {
        stack.createTopics(List.of(new Topics.Spec(KAFKA_TOPIC, 6, false)));
        Properties props = new Properties();
        props.putAll(stack.kafkaAdmin());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 131072);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "snappy");
        byte[] value = new byte[RECORD_BYTES];
        ThreadLocalRandom.current().nextBytes(value);
        AtomicLong acked = new AtomicLong();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(KAFKA_TOPIC, "warm-up", value)).get();
            long t0 = System.nanoTime();
            long end = t0 + duration.toNanos();
            long sent = 0;
            while (System.nanoTime() < end) {
                producer.send(new ProducerRecord<>(KAFKA_TOPIC, "k" + (sent % 4096), value), (m, e) -> {
                    if (e == null) {
                        acked.incrementAndGet();
                    }
                });
                sent++;
            }
            producer.flush();
            return acked.get() / ((System.nanoTime() - t0) / 1e9);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka ceiling: " + e.getMessage(), e);
        }
    }

    /** Committed single-row insert transactions per second over several connections, for the given time. */
    private double postgres(Duration duration) {
        stack.ensureDatabase(DATABASE);
        String url = stack.config().postgresJdbcUrl(DATABASE);
        try (Connection setup = DriverManager.getConnection(url, DATABASE, DATABASE); Statement s = setup.createStatement()) {
            s.execute("create table if not exists ceiling (id bigserial primary key, payload text not null)");
            s.execute("truncate ceiling");
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL ceiling: " + e.getMessage(), e);
        }
        ExecutorService pool = Executors.newFixedThreadPool(PG_CONNECTIONS);
        long end = System.nanoTime() + duration.toNanos();
        long t0 = System.nanoTime();
        try {
            List<Future<Long>> workers = new ArrayList<>();
            for (int i = 0; i < PG_CONNECTIONS; i++) {
                workers.add(pool.submit(() -> {
                    long done = 0;
                    try (Connection c = DriverManager.getConnection(url, DATABASE, DATABASE);
                         PreparedStatement insert = c.prepareStatement("insert into ceiling (payload) values (?)")) {
                        c.setAutoCommit(true); // one transaction per row, committed (and flushed) each time
                        while (System.nanoTime() < end) {
                            insert.setString(1, "order-" + done);
                            insert.executeUpdate();
                            done++;
                        }
                    }
                    return done;
                }));
            }
            long total = 0;
            for (Future<Long> w : workers) {
                total += w.get();
            }
            return total / ((System.nanoTime() - t0) / 1e9);
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL ceiling: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    static Map<String, Object> asJson(Figures f) {
        return Map.of("kafkaProducerRecordsPerSecond", Math.round(f.kafkaRecordsPerSecond()),
                "kafkaRecordBytes", f.kafkaRecordBytes(),
                "postgresTransactionsPerSecond", Math.round(f.postgresTransactionsPerSecond()),
                "postgresConnections", f.postgresConnections());
    }
}
