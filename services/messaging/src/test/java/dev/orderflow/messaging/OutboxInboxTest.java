package dev.orderflow.messaging;

import dev.orderflow.stack.KafkaLogin;
import io.smallrye.common.annotation.Identifier;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import dev.orderflow.events.catalog.EventSerdeConfig;
import dev.orderflow.events.common.StockLine;
import dev.orderflow.events.inventory.ReleaseReason;
import dev.orderflow.events.inventory.StockLevelChanged;
import dev.orderflow.events.inventory.StockReleased;
import dev.orderflow.events.inventory.StockReservationFailed;
import dev.orderflow.messaging.inbox.DeadLetters;
import dev.orderflow.messaging.outbox.OutboxRelay;
import dev.orderflow.messaging.outbox.RelayWorker;
import dev.orderflow.messaging.testapp.HandlerStall;
import dev.orderflow.messaging.testapp.RelayCrash;
import dev.orderflow.stack.EventFeed;
import dev.orderflow.stack.LocalStackResource;
import dev.orderflow.stack.TopicReader;
import io.agroal.api.AgroalDataSource;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import static dev.orderflow.stack.Authorized.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox and the inbox on the real stack, broken on purpose: a stopped relay, a crash between
 * publish and mark, redelivery, poison records, rejected events, concurrent relays, and a trace
 * that must survive the whole trip.
 */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class, initArgs = {
        @ResourceArg(name = LocalStackResource.DATABASE, value = "messaging"),
        @ResourceArg(name = LocalStackResource.TOPICS, value = "platform-probe")})
class OutboxInboxTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    AgroalDataSource database;

    @Inject
    OutboxRelay relay;

    @Inject
    RelayCrash crash;

    @Inject
    HandlerStall stall;

    @Inject
    Housekeeping housekeeping;

    /** Where Kafka is and the login the application under test uses (the test stack's administrator). */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @ConfigProperty(name = "orderflow.registry.url")
    String registryUrl;

    @Test
    void aStagedEventIsPublishedAfterCommitAndAppliedOnce() {
        String sku = sku();
        String eventId = setLevel(sku, 7).get(0);

        await().atMost(PATIENCE).until(() -> effects(sku), n -> n == 1);
        assertThat(queryLong("select count(*) from outbox where event_id = ? and published_at is not null", eventId)).isEqualTo(1);
        assertThat(queryLong("select count(*) from inbox where consumer = 'messaging-test.inventory' and event_id = ?", eventId))
                .isEqualTo(1);
        ConsumerRecord<String, byte[]> record = firstRecord("inventory", r -> r.key().equals(sku));
        assertThat(header(record, "ce_id")).isEqualTo(eventId);
        assertThat(header(record, "ce_type")).isEqualTo("dev.orderflow.events.inventory.StockLevelChanged");
        assertThat(header(record, "ce_source")).isEqualTo("/orderflow/messaging-test");
        assertThat(header(record, "ce_subject")).isEqualTo(sku);
        StockLevelChanged decoded = (StockLevelChanged) decode(record);
        assertThat(decoded.getAvailable()).isEqualTo(7);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("orderflow_events_handled_total{consumer=\"messaging-test.inventory\",outcome=\"applied\",type=\"StockLevelChanged\"}")
                .contains("orderflow_outbox_staged_total{type=\"StockLevelChanged\"}")
                .contains("orderflow_outbox_published_total{topic=\"inventory\"}")
                .contains("orderflow_events_batch_duration_seconds_count{consumer=\"messaging-test.inventory\"}")
                .contains("orderflow_outbox_backlog");
    }

    @Test
    void eventsWaitInTheOutboxWhileTheRelayIsDownAndGoOutWhenItIsBack() throws Exception {
        String sku = sku();
        relay.stop();
        try {
            setLevel(sku, 1);
            setLevel(sku, 2);
            setLevel(sku, 3);
            Thread.sleep(2_000);
            assertThat(queryLong("select count(*) from outbox o where message_key = ? and published_at is null", sku)).isEqualTo(3);
            assertThat(effects(sku)).isZero();
        } finally {
            relay.start();
        }
        await().atMost(PATIENCE).until(() -> effects(sku), n -> n == 3);
        assertThat(queryLong("select count(distinct event_id) from test_effects where sku = ?", sku)).isEqualTo(3);
    }

    @Test
    void aHandlerThatNeverFinishesIsAbandonedAndTheBatchAppliedOnceByTheRetry() {
        // The first attempt inserts its effect and then never completes, holding its transaction (and
        // its locks) open. The inbox abandons it after its timeout (5 s here), PostgreSQL ends it
        // (idle in transaction for 8 s here), and the retry applies the batch: once, and the partition moves on.
        String sku = sku();
        stall.armOnce(sku);
        setLevel(sku, 4);
        await().atMost(PATIENCE).until(() -> effects(sku), n -> n == 1);
        String next = sku();
        setLevel(next, 5);
        await().atMost(PATIENCE).until(() -> effects(next), n -> n == 1);
        settle();
        assertThat(effects(sku)).as("exactly one effect").isEqualTo(1);
        assertThat(queryLong("select count(*) from pg_stat_activity where datname = current_database()"
                + " and state = 'idle in transaction' and ? <> ''", "x")).isZero();
    }

    @Test
    void aCrashBetweenPublishAndMarkRepublishesAndTheInboxAbsorbsIt() {
        String sku = sku();
        crash.armOnce();
        String eventId = setLevel(sku, 5).get(0);

        // The relay published, "crashed" before marking, and published the same row again.
        await().atMost(PATIENCE).until(() -> records("inventory", r -> eventId.equals(header(r, "ce_id"))).size(), n -> n >= 2);
        await().atMost(PATIENCE).until(() -> queryLong(
                "select count(*) from outbox where event_id = ? and published_at is not null", eventId), n -> n == 1);
        await().atMost(PATIENCE).until(() -> effects(sku), n -> n == 1);
        settle();
        assertThat(effects(sku)).as("exactly one effect downstream").isEqualTo(1);
    }

    @Test
    void aRedeliveredOrReinjectedEventHasNoSecondEffect() throws Exception {
        String sku = sku();
        setLevel(sku, 11);
        await().atMost(PATIENCE).until(() -> effects(sku), n -> n == 1);

        ConsumerRecord<String, byte[]> original = firstRecord("inventory", r -> r.key().equals(sku));
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>("inventory", null, original.key(), original.value(), original.headers())).get();
            }
        }
        await().atMost(PATIENCE).until(() -> records("inventory", r -> r.key().equals(sku)).size(), n -> n == 4);
        settle();
        assertThat(effects(sku)).isEqualTo(1);
    }

    @Test
    void aPoisonRecordIsDeadLetteredWithTheErrorAndTheNextRecordsAreProcessed() throws Exception {
        String poisonKey = sku();
        byte[] garbage = ("not avro " + poisonKey).getBytes(StandardCharsets.UTF_8);
        poison(poisonKey, garbage);
        String sku = sku();
        setLevel(sku, 3);

        ConsumerRecord<String, byte[]> dead = deadLetterOf(poisonKey);
        assertThat(dead.value()).as("the original bytes").isEqualTo(garbage);
        assertThat(header(dead, DeadLetters.ERROR)).contains("cannot decode");
        assertThat(header(dead, DeadLetters.CONSUMER)).isEqualTo("messaging-test.inventory");
        assertThat(header(dead, DeadLetters.ORIGINAL_TOPIC)).isEqualTo("inventory");
        assertThat(header(dead, "ce_id")).isNotBlank();
        await().atMost(PATIENCE).until(() -> effects(sku), n -> n == 1);
    }

    @Test
    void eventsOfTypesTheSubscriptionDoesNotReactToLeaveNoTrace() throws Exception {
        // One key, so one partition: a real event of another type, an undecodable record that says it
        // is of another type, then an event the subscription reacts to. Once that one is applied, the
        // two before it were passed over: no inbox row, no dead letter.
        String key = sku();
        String otherId;
        try (EventFeed feed = new EventFeed(kafka, registryUrl)) {
            otherId = feed.publish(StockReleased.newBuilder().setOrderId(key).setReservationId("r-1")
                    .setLines(List.of(StockLine.newBuilder().setSku(key).setQuantity(1).build()))
                    .setReason(ReleaseReason.ORDER_CANCELLED).setReleasedAt(java.time.Instant.now()).build());
        }
        try (KafkaProducer<String, byte[]> producer = producer()) {
            ProducerRecord<String, byte[]> garbled = new ProducerRecord<>("inventory", key, "not avro".getBytes(StandardCharsets.UTF_8));
            garbled.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            garbled.headers().add("ce_type", "dev.orderflow.events.inventory.StockReserved".getBytes(StandardCharsets.UTF_8));
            producer.send(garbled).get();
        }
        setLevel(key, 5);
        await().atMost(PATIENCE).until(() -> effects(key), n -> n == 1);

        assertThat(queryLong("select count(*) from inbox where event_id = ?", otherId)).as("no inbox row").isZero();
        assertThat(records("inventory.dlq", r -> key.equals(r.key()))).as("no dead letter").isEmpty();
    }

    @Test
    void aRecordThatClaimsTwoBillionItemsIsDeadLetteredInsteadOfExhaustingTheHeap() throws Exception {
        // A real event's registry framing, then a body of a few bytes whose array claims 2x10^9 items:
        // decoded without bounds, the consumer would allocate the array first and die of OutOfMemoryError.
        String key = sku();
        StockReservationFailed real = StockReservationFailed.newBuilder().setOrderId(key).setUnavailable(List.of())
                .setFailedAt(java.time.Instant.now()).build();
        byte[] framed;
        try (EventFeed feed = new EventFeed(kafka, registryUrl)) {
            framed = feed.encode("inventory", real);
        }
        byte[] header = java.util.Arrays.copyOf(framed, framed.length - HostileAvro.body(real).length);
        byte[] body = HostileAvro.reservationFailedClaimingItems(key, 2_000_000_000L);
        byte[] hostile = java.nio.ByteBuffer.allocate(header.length + body.length).put(header).put(body).array();
        poison(key, hostile);
        setLevel(key, 4); // the same partition, after it: the partition goes on

        ConsumerRecord<String, byte[]> dead = deadLetterOf(key);
        assertThat(dead.value()).as("the original bytes").isEqualTo(hostile);
        assertThat(header(dead, DeadLetters.ERROR)).contains("exceeds the maximum allowed");
        await().atMost(PATIENCE).until(() -> effects(key), n -> n == 1);
    }

    @Test
    void aPoisonRecordNearTheSizeLimitIsDeadLetteredWithoutItsValueInsteadOfLooping() throws Exception {
        // Fits the broker as it is (1 MiB), but not with the dead letter's headers added.
        String key = sku();
        byte[] garbage = new byte[1_046_000];
        java.util.Arrays.fill(garbage, (byte) 'x');
        poison(key, garbage);
        setLevel(key, 2); // the same partition, after it: the partition goes on

        ConsumerRecord<String, byte[]> dead = deadLetterOf(key);
        assertThat(header(dead, DeadLetters.VALUE_DROPPED)).isEqualTo(Integer.toString(garbage.length));
        assertThat(dead.value()).isEmpty();
        assertThat(header(dead, DeadLetters.ERROR)).contains("cannot decode");
        assertThat(header(dead, DeadLetters.ORIGINAL_OFFSET)).isNotBlank();
        await().atMost(PATIENCE).until(() -> effects(key), n -> n == 1);
    }

    @Test
    void anEventTheHandlerRejectsIsDeadLetteredAsItWasReceived() {
        String bad = sku();
        String good = sku();
        setLevel(bad, -4);
        setLevel(good, 4);

        ConsumerRecord<String, byte[]> dead = await().atMost(PATIENCE)
                .until(() -> records("inventory.dlq", r -> bad.equals(r.key())), l -> !l.isEmpty()).get(0);
        ConsumerRecord<String, byte[]> original = firstRecord("inventory", r -> r.key().equals(bad));
        assertThat(dead.value()).isEqualTo(original.value());
        assertThat(header(dead, "ce_id")).isEqualTo(header(original, "ce_id"));
        assertThat(header(dead, DeadLetters.ERROR)).isEqualTo("negative stock level -4 for " + bad);
        assertThat(header(dead, DeadLetters.ORIGINAL_OFFSET)).isEqualTo(Long.toString(original.offset()));
        await().atMost(PATIENCE).until(() -> effects(good), n -> n == 1);
        assertThat(effects(bad)).isZero();
    }

    @Test
    void orderPerKeyHoldsWithManyKeysAndConcurrentRelays() throws Exception {
        int keys = 20;
        int perKey = 25;
        String prefix = "order-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        relay.stop();
        List<RelayWorker> relays = new ArrayList<>();
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < 3; i++) {
                relays.add(relay.newWorker("test-relay-" + i).start());
            }
            List<Future<?>> done = new ArrayList<>();
            for (int k = 0; k < keys; k++) {
                String sku = prefix + k;
                // Each key's levels in order; the keys race each other.
                done.add(writers.submit(() -> {
                    for (int n = 1; n <= perKey; n++) {
                        setLevel(sku, n);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            await().atMost(PATIENCE).until(() -> queryLong("select count(*) from test_effects where sku like ?", prefix + "%"),
                    n -> n == keys * perKey);
            assertThat(relays.stream().filter(r -> r.published() > 0).count())
                    .as("one relay publishes at a time: " + relays).isEqualTo(1);
        } finally {
            writers.shutdownNow();
            relays.forEach(RelayWorker::stop);
            relay.start();
        }

        Map<String, List<Integer>> levels = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records("inventory", r -> r.key().startsWith(prefix))) {
            levels.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(((StockLevelChanged) decode(record)).getAvailable());
        }
        assertThat(levels).hasSize(keys);
        List<Integer> expected = java.util.stream.IntStream.rangeClosed(1, perKey).boxed().toList();
        levels.forEach((sku, seen) -> assertThat(seen).as("levels of %s in partition order", sku).isEqualTo(expected));
    }

    @Test
    void oneTraceSpansTheRequestTheEventAndItsConsumer() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String sku = sku();
        given().contentType(ContentType.JSON)
                .header("traceparent", "00-" + traceId + "-" + traceId.substring(0, 16) + "-01")
                .body(Map.of("sku", sku, "available", 9))
                .post("/test/stock")
                .then().statusCode(200);

        await().atMost(PATIENCE).until(() -> effects(sku), n -> n == 1);
        ConsumerRecord<String, byte[]> record = firstRecord("inventory", r -> r.key().equals(sku));
        assertThat(header(record, "traceparent")).startsWith("00-" + traceId + "-");
        assertThat(queryString("select trace_id from test_effects where sku = ?", sku)).isEqualTo(traceId);
    }

    @Test
    void rowsPastTheirRetentionAreCleanedUp() throws Throwable {
        String old = "old-" + UUID.randomUUID();
        String fresh = "fresh-" + UUID.randomUUID();
        try (Connection c = database.getConnection()) {
            for (String id : List.of(old, fresh)) {
                try (PreparedStatement s = c.prepareStatement("insert into outbox (event_id, topic, message_key, event_type,"
                        + " source, occurred_at, payload, published_at) values (?, 'inventory', 'k', 't', 's', now(), ?,"
                        + " now() - cast(? as interval))")) {
                    s.setString(1, id);
                    s.setBytes(2, new byte[] {1});
                    s.setString(3, id.equals(old) ? "2 days" : "1 minute");
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("insert into inbox (consumer, event_id, received_at)"
                        + " values ('housekeeping-test', ?, now() - cast(? as interval))")) {
                    s.setString(1, id);
                    s.setString(2, id.equals(old) ? "15 days" : "1 day");
                    s.executeUpdate();
                }
            }
        }
        int deleted = io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> housekeeping.cleanUp());
        assertThat(deleted).isGreaterThanOrEqualTo(2);
        assertThat(queryLong("select count(*) from outbox where event_id = ?", old)).isZero();
        assertThat(queryLong("select count(*) from inbox where event_id = ?", old)).isZero();
        assertThat(queryLong("select count(*) from outbox where event_id = ?", fresh)).isEqualTo(1);
        assertThat(queryLong("select count(*) from inbox where event_id = ?", fresh)).isEqualTo(1);
    }

    // --- helpers ---

    private static String sku() {
        return "sku-" + UUID.randomUUID();
    }

    private static List<String> setLevel(String sku, int available) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("sku", sku, "available", available))
                .post("/test/stock")
                .then().statusCode(200)
                .extract().jsonPath().getList("$", String.class);
    }

    private long effects(String sku) {
        return queryLong("select count(*) from test_effects where sku = ?", sku);
    }

    /** Gives redeliveries a chance to (wrongly) have an effect before counting. */
    private static void settle() {
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long queryLong(String sql, String parameter) {
        return Long.parseLong(queryString(sql, parameter));
    }

    private String queryString(String sql, String parameter) {
        try (Connection connection = database.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends bytes to the inventory topic as a record with an event id, as a broken or hostile producer would. */
    private void poison(String key, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            ProducerRecord<String, byte[]> poison = new ProducerRecord<>("inventory", key, value);
            poison.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            producer.send(poison).get();
        }
    }

    /** The dead letter of the inventory record with this key, once there is one. */
    private ConsumerRecord<String, byte[]> deadLetterOf(String key) {
        return await().atMost(PATIENCE).until(() -> records("inventory.dlq", r -> key.equals(r.key())), l -> !l.isEmpty()).get(0);
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(withAcksAll(),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Every record of the topic so far that matches, in partition-offset order. */
    private List<ConsumerRecord<String, byte[]>> records(String topic, Predicate<ConsumerRecord<String, byte[]>> filter) {
        return TopicReader.read(kafka, topic, r -> r.key() != null && filter.test(r));
    }

    private ConsumerRecord<String, byte[]> firstRecord(String topic, Predicate<ConsumerRecord<String, byte[]>> filter) {
        return await().atMost(PATIENCE).until(() -> records(topic, filter), l -> !l.isEmpty()).get(0);
    }

    private SpecificRecord decode(ConsumerRecord<String, byte[]> record) {
        try (AvroKafkaDeserializer<SpecificRecord> deserializer = new AvroKafkaDeserializer<>()) {
            deserializer.configure(new HashMap<>(EventSerdeConfig.deserializer(registryUrl)), false);
            return deserializer.deserialize(record.topic(), record.headers(), record.value());
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Kafka's address and the application's login, acknowledged by all replicas. */
    private Map<String, Object> withAcksAll() {
        Map<String, Object> config = new java.util.HashMap<>(KafkaLogin.connection(kafka));
        config.put("acks", "all");
        return config;
    }
}
