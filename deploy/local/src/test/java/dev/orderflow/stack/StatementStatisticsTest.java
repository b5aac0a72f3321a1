package dev.orderflow.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementStatisticsTest {

    @Test
    void aBatchedStatementHasOneShapeWhateverItsBatchSize() {
        String two = "insert into inbox (consumer, event_id) values ($1, $2::uuid),\n  ($3, $4::uuid) on conflict do nothing returning event_id";
        String three = "insert into inbox (consumer, event_id) values ($1, $2::uuid), ($3, $4::uuid), ($5, $6::uuid) on conflict do nothing returning event_id";
        assertThat(StatementStatistics.shape(two)).isEqualTo(StatementStatistics.shape(three))
                .isEqualTo("insert into inbox (consumer, event_id) values ($n, $n::uuid), ... on conflict do nothing returning event_id");
    }

    @Test
    void parameterListsFoldAndSingleParametersStay() {
        assertThat(StatementStatistics.shape("delete from pending_calls where id in ($1, $2, $3) and kind = $4"))
                .isEqualTo("delete from pending_calls where id in ($n, ...) and kind = $n");
        assertThat(StatementStatistics.shape("select 1 from inbox where event_id in ($1::uuid, $2::uuid)"))
                .isEqualTo("select 1 from inbox where event_id in ($n::uuid, ...)");
        assertThat(StatementStatistics.shape("select count(pg_advisory_xact_lock(s.h)) from (values ($1), ($2)) v(k)"))
                .isEqualTo("select count(pg_advisory_xact_lock(s.h)) from (values ($n), ...) v(k)");
        assertThat(StatementStatistics.shape("COMMIT")).isEqualTo("COMMIT");
    }

    @Test
    void aBatchOfThousandsOfParametersFoldsWithoutOverflowingTheStack() {
        String ids = java.util.stream.IntStream.rangeClosed(1, 50_000).mapToObj(i -> "$" + i + "::uuid")
                .collect(java.util.stream.Collectors.joining(", "));
        assertThat(StatementStatistics.shape("select 1 from inbox where event_id in (" + ids + ")"))
                .isEqualTo("select 1 from inbox where event_id in ($n::uuid, ...)");
        String rows = java.util.stream.IntStream.range(0, 20_000).mapToObj(i -> "($" + (2 * i + 1) + ", $" + (2 * i + 2) + "::uuid)")
                .collect(java.util.stream.Collectors.joining(", "));
        assertThat(StatementStatistics.shape("insert into inbox (consumer, event_id) values " + rows + " on conflict do nothing"))
                .isEqualTo("insert into inbox (consumer, event_id) values ($n, $n::uuid), ... on conflict do nothing");
    }

    @Test
    void onlyParametersOfOneTypeFoldIntoAListAndCastsAndNamesStayWhole() {
        assertThat(StatementStatistics.shape("select f($1, $2::uuid, $3::uuid) from t where a = $4::text::int"))
                .isEqualTo("select f($n, $n::uuid, ...) from t where a = $n::text::int");
        assertThat(StatementStatistics.shape("values (f($1, $2)), ($3)")).isEqualTo("values (f($n, ...)), ($n)");
    }
}
