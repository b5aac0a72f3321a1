package dev.orderflow.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.orderflow.messaging.testapp.TestCalls;
import dev.orderflow.stack.LocalStackResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The pending-call runner on the real database: a batch is begun, called and recorded together,
 * and one call that cannot be begun or recorded holds back no other.
 */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class, initArgs = {
        @ResourceArg(name = LocalStackResource.DATABASE, value = "messaging"),
        @ResourceArg(name = LocalStackResource.TOPICS, value = "platform-probe")})
class CallRunnerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    AgroalDataSource database;

    @Inject
    TestCalls handler;

    @Test
    void aBatchIsRecordedTogetherAndEveryAnsweredCallIsCompletedOnce() throws SQLException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> ok = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ok.add("ok-" + run + "-" + i);
        }
        String gone = "gone-" + run;
        String flaky = "flaky-" + run;
        stage(ok.toArray(String[]::new));
        stage(gone, flaky);

        await().atMost(PATIENCE).until(() -> ok.stream().allMatch(handler.recorded::containsKey)
                && handler.recorded.containsKey(flaky));
        await().atMost(PATIENCE).until(() -> pending(run), n -> n == 0);
        ok.forEach(s -> assertThat(handler.recorded.get(s)).isEqualTo(new StringBuilder(s).reverse().toString()));
        ok.forEach(s -> assertThat(handler.made.get(s).get()).as("called once: %s", s).isEqualTo(1));
        assertThat(handler.made).as("nothing to do, so no call").doesNotContainKey(gone);
        // The flaky call failed once, was recorded as such (put off), and was answered on its next attempt.
        assertThat(handler.made.get(flaky).get()).isEqualTo(2);
        assertThat(handler.recordedFailures).contains(flaky);
        assertThat(handler.recordBatches).as("outcomes recorded in batches, not one by one").anyMatch(n -> n >= 5);
    }

    @Test
    void oneCallThatCannotBeRecordedOrBegunHoldsBackNoOther() throws SQLException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String poisonRecord = "poison-record-" + run;
        String poisonBegin = "poison-begin-" + run;
        List<String> ok = List.of("ok-" + run + "-a", "ok-" + run + "-b", "ok-" + run + "-c");
        stage(ok.get(0), poisonRecord, ok.get(1), poisonBegin, ok.get(2));

        await().atMost(PATIENCE).until(() -> ok.stream().allMatch(handler.recorded::containsKey));
        await().atMost(PATIENCE).until(() -> pending(run), n -> n == 2);
        // The two that cannot be done stay pending, put off with the reason, not leased, not lost.
        try (Connection c = database.getConnection();
             PreparedStatement s = c.prepareStatement("select subject, attempts, last_error, leased_until, due_at > now()"
                     + " from pending_calls where subject like ? order by subject")) {
            s.setString(1, "%" + run + "%");
            try (ResultSet rows = s.executeQuery()) {
                List<String> subjects = new ArrayList<>();
                while (rows.next()) {
                    subjects.add(rows.getString(1));
                    assertThat(rows.getInt(2)).isGreaterThanOrEqualTo(1);
                    assertThat(rows.getString(3)).startsWith("java.lang.IllegalStateException: cannot ");
                    assertThat(rows.getObject(4)).isNull();
                }
                assertThat(subjects).containsExactlyInAnyOrder(poisonBegin, poisonRecord);
            }
        }
        assertThat(handler.made).doesNotContainKey(poisonBegin);
        // (Gone, so that they are not claimed with another test's calls.)
        forget(run);
    }

    @Test
    void outcomesTheDatabaseCannotTakeForAMomentAreRecordedWhenItIsBackNotLeftToTheirLease() throws SQLException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String blip = "blip-" + run;
        String alone = "blip-alone-" + run;
        String poisonRecord = "poison-record-" + run;
        stage(alone);
        // Claimed with a call whose batch cannot be recorded: tried alone, it too waits for the database.
        stage(blip, poisonRecord);
        try {
            // Recorded within seconds (the lease is minutes), and each external call was made once only.
            await().atMost(Duration.ofSeconds(15)).until(() -> handler.recorded.containsKey(blip) && handler.recorded.containsKey(alone));
            for (String subject : List.of(blip, alone)) {
                assertThat(handler.blips.get(subject).get()).as(subject).isEqualTo(4);
                assertThat(handler.made.get(subject).get()).as(subject).isEqualTo(1);
            }
            await().atMost(PATIENCE).until(() -> pending(run), n -> n == 1);
        } finally {
            forget(run);
        }
    }

    private void stage(String... subjects) throws SQLException {
        try (Connection c = database.getConnection();
             PreparedStatement s = c.prepareStatement("insert into pending_calls (kind, subject) values (?, ?)")) {
            for (String subject : subjects) {
                s.setString(1, TestCalls.KIND);
                s.setString(2, subject);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private void forget(String run) throws SQLException {
        try (Connection c = database.getConnection();
             PreparedStatement s = c.prepareStatement("delete from pending_calls where subject like ?")) {
            s.setString(1, "%" + run + "%");
            s.executeUpdate();
        }
    }

    private long pending(String run) throws SQLException {
        try (Connection c = database.getConnection();
             PreparedStatement s = c.prepareStatement("select count(*) from pending_calls where subject like ?")) {
            s.setString(1, "%" + run + "%");
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
