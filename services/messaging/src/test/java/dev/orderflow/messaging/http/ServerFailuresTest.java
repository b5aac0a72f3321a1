package dev.orderflow.messaging.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;

import io.vertx.pgclient.PgException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

class ServerFailuresTest {

    private final ServerFailures failures = new ServerFailures();

    @Test
    void aDatabaseOutOfReachIsA503ThatAsksForARetry() {
        Response answer = failures.failed(new IllegalStateException("query failed", new ConnectException("Connection refused")));
        assertThat(answer.getStatus()).isEqualTo(503);
        assertThat(answer.getHeaderString("Retry-After")).isEqualTo(String.valueOf(ServerFailures.RETRY_AFTER_SECONDS));
        assertThat(((Problem) answer.getEntity()).detail()).contains("retry");
        assertThat(failures.failed(new PgException("the database system is shutting down", "FATAL", "57P01", null)).getStatus())
                .isEqualTo(503);
    }

    @Test
    void anythingElseIsA500WithAnIncidentIdAndNoInternals() {
        Response answer = failures.failed(new PgException("duplicate key value violates unique constraint \"orders_pkey\"", "ERROR",
                "23505", null));
        assertThat(answer.getStatus()).isEqualTo(500);
        Problem problem = (Problem) answer.getEntity();
        assertThat(problem.detail()).startsWith("the service failed; incident ").doesNotContain("orders_pkey");
        assertThat(answer.getHeaderString("Retry-After")).isNull();
        // The words of a request are not a network failure.
        assertThat(failures.failed(new IllegalArgumentException("Connection refused")).getStatus()).isEqualTo(500);
    }
}
