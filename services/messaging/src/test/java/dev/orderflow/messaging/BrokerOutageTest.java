package dev.orderflow.messaging;

import static dev.orderflow.stack.Authorized.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.orderflow.messaging.outbox.OutboxRelay;
import dev.orderflow.stack.LocalStack;
import dev.orderflow.stack.LocalStackResource;
import dev.orderflow.stack.SharedTestStack;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The broker goes away (its process is stopped) while the service keeps committing: events wait in
 * the outbox, the relay retries with back-off (and stops at once when asked, as on shutdown), and when
 * the broker is back every event is published and applied exactly once.
 */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class, initArgs = {
        @ResourceArg(name = LocalStackResource.DATABASE, value = "messaging"),
        @ResourceArg(name = LocalStackResource.TOPICS, value = "platform-probe")})
class BrokerOutageTest {

    @Inject
    AgroalDataSource database;

    @Inject
    OutboxRelay relay;

    @Test
    void eventsCommittedWhileTheBrokerIsDownGoOutOnceWhenItIsBack() throws Exception {
        String sku = "sku-" + UUID.randomUUID();
        LocalStack stack = SharedTestStack.get();
        stack.stopKafka();
        try {
            for (int level = 1; level <= 3; level++) {
                given().contentType(ContentType.JSON).body(Map.of("sku", sku, "available", level))
                        .post("/test/stock").then().statusCode(200);
            }
            Thread.sleep(3_000);
            assertThat(count("select count(*) from outbox where message_key = ? and published_at is null", sku))
                    .as("committed, waiting for the broker").isEqualTo(3);
            // The relay waits for the broker's acknowledgements of these rows. Stopping it, as a service's
            // shutdown does, must not wait for the broker (it waited 30 s; the rows go again from the next relay).
            long stopping = System.nanoTime();
            relay.stop();
            assertThat(Duration.ofNanos(System.nanoTime() - stopping)).as("the relay stopped with the broker away")
                    .isLessThan(Duration.ofSeconds(5));
            relay.start();
        } finally {
            stack.up();
        }
        await().atMost(Duration.ofMinutes(3)).until(() -> count(
                "select count(*) from outbox where message_key = ? and published_at is not null", sku), n -> n == 3);
        await().atMost(Duration.ofMinutes(2)).until(() -> count("select count(*) from test_effects where sku = ?", sku),
                n -> n == 3);
        Thread.sleep(2_000);
        assertThat(count("select count(distinct event_id) from test_effects where sku = ?", sku)).isEqualTo(3);
        assertThat(count("select count(*) from test_effects where sku = ?", sku)).isEqualTo(3);
    }

    private long count(String sql, String parameter) throws Exception {
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
