package dev.orderflow.messaging.benchmark;

import dev.orderflow.stack.KafkaLogin;
import io.smallrye.common.annotation.Identifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.orderflow.events.catalog.EventSerdeConfig;
import dev.orderflow.events.inventory.StockLevelChanged;
import dev.orderflow.messaging.outbox.Outbox;
import dev.orderflow.messaging.outbox.OutboxRelay;
import dev.orderflow.messaging.outbox.OutgoingEvent;
import io.agroal.api.AgroalDataSource;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Throughput of the whole effectively-once path: events staged in the outbox inside transactions,
 * relayed to Kafka, consumed through the inbox into a table (one insert per batch). Measured end to
 * end while writers stage, and as the drain rate of a backlog; batched (relay and consumer take up
 * to 500 at a time) and one by one (1 at a time); beside the raw rate of a Kafka producer (acks=all,
 * idempotent) sending the same bytes in the same run. Prints figures; asserts nothing about speed.
 *
 * <pre>./mvnw -pl services/messaging -am verify -Dbenchmark=true -Dtest='*MessagingBenchmark' -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
abstract class MessagingBenchmark {

    static final int BATCHED_EVENTS = Integer.getInteger("benchmark.events", 20_000);
    static final int ONE_BY_ONE_EVENTS = Integer.getInteger("benchmark.events.one-by-one", 2_000);
    static final int EVENTS_PER_TRANSACTION = 100;

    public static class Batched implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("orderflow.messaging.relay.batch-size", "500",
                    "mp.messaging.incoming.inventory-in.max.poll.records", "500");
        }
    }

    public static class OneByOne implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("orderflow.messaging.relay.batch-size", "1",
                    "mp.messaging.incoming.inventory-in.max.poll.records", "1");
        }
    }

    abstract static class Run {

        @Inject
        Outbox outbox;

        @Inject
        AgroalDataSource database;

        @Inject
        OutboxRelay relay;

        /** Where Kafka is and the login the application under test uses (the test stack's administrator). */
        @Inject
        @Identifier("default-kafka-broker")
        Map<String, Object> kafka;

        @ConfigProperty(name = "orderflow.registry.url")
        String registryUrl;

        void measure(String mode, int events) throws Throwable {
            double raw = rawProducerRate(events);

            // 1. Writers and the pipeline together: 4 writers stage events 100 per transaction.
            String live = "bench-live-" + UUID.randomUUID().toString().substring(0, 8) + "-";
            long t0 = System.nanoTime();
            stage(live, events, 4);
            double staged = seconds(t0);
            long applied = awaitApplied(live, events);
            double endToEnd = applied / seconds(t0);

            // 2. The pipeline alone: a backlog staged while the relay is stopped, then drained.
            String backlog = "bench-backlog-" + UUID.randomUUID().toString().substring(0, 8) + "-";
            relay.stop();
            stage(backlog, events, 4);
            long t1 = System.nanoTime();
            relay.start();
            long drained = awaitApplied(backlog, events);
            double drainRate = drained / seconds(t1);

            System.out.printf(Locale.ROOT, "%n== messaging benchmark (%s, %d events) ==%n", mode, events);
            System.out.printf(Locale.ROOT, "raw Kafka producer, same bytes (acks=all, idempotent): %,9.0f events/s%n", raw);
            System.out.printf(Locale.ROOT, "staging in the outbox (4 writers, 100 per transaction):  %,9.0f events/s%n",
                    events / staged);
            System.out.printf(Locale.ROOT, "end to end, staged -> relayed -> applied via the inbox:  %,9.0f events/s"
                    + " (%.1f%% of raw)%n", endToEnd, 100 * endToEnd / raw);
            System.out.printf(Locale.ROOT, "backlog drain, relay -> Kafka -> inbox -> effect:        %,9.0f events/s"
                    + " (%.1f%% of raw)%n", drainRate, 100 * drainRate / raw);
            if (applied < events || drained < events) {
                System.out.printf(Locale.ROOT, "WARNING: not every event was applied within 10 minutes (%d, %d of %d)%n",
                        applied, drained, events);
            }
        }

        private void stage(String prefix, int events, int writers) throws Exception {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
            try {
                List<java.util.concurrent.Future<?>> done = new ArrayList<>();
                for (int start = 0; start < events; start += EVENTS_PER_TRANSACTION) {
                    int from = start;
                    done.add(pool.submit(() -> {
                        List<OutgoingEvent> batch = new ArrayList<>();
                        for (int i = from; i < Math.min(events, from + EVENTS_PER_TRANSACTION); i++) {
                            batch.add(OutgoingEvent.of(event(prefix + (i % 1000), i)));
                        }
                        try {
                            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.stage(batch)));
                        } catch (Throwable e) {
                            throw new IllegalStateException(e);
                        }
                    }));
                }
                for (java.util.concurrent.Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }

        private long awaitApplied(String prefix, int events) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            long applied;
            while ((applied = count(prefix)) < events && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            return applied;
        }

        private double rawProducerRate(int events) throws Exception {
            byte[] value;
            try (AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>()) {
                serializer.configure(new java.util.HashMap<>(EventSerdeConfig.serializer(registryUrl)), false);
                value = serializer.serialize("inventory", event("raw", 1));
            }
            Map<String, Object> config = new java.util.HashMap<>(KafkaLogin.connection(kafka));
            config.putAll(Map.of("acks", "all",
                    "enable.idempotence", "true", "linger.ms", "5", "batch.size", "131072", "compression.type", "snappy"));
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
                long t0 = System.nanoTime();
                for (int i = 0; i < events; i++) {
                    producer.send(new ProducerRecord<>("benchmark-raw", "raw-" + (i % 1000), value));
                }
                producer.flush();
                return events / seconds(t0);
            }
        }

        private static StockLevelChanged event(String sku, int n) {
            return StockLevelChanged.newBuilder().setSku(sku).setAvailable(n).setReserved(0).setDelta(1)
                    .setCause("benchmark").setChangedAt(Instant.now()).build();
        }

        private long count(String prefix) throws Exception {
            try (Connection c = database.getConnection();
                 PreparedStatement s = c.prepareStatement("select count(*) from test_effects where sku like ?")) {
                s.setString(1, prefix + "%");
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }

        private static double seconds(long t0) {
            return Duration.ofNanos(System.nanoTime() - t0).toMillis() / 1000.0;
        }
    }
}
