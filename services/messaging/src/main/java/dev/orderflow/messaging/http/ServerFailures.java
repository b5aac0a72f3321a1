package dev.orderflow.messaging.http;

import java.util.UUID;

import dev.orderflow.messaging.Transience;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The answer of every service to a request that failed on its side rather than the caller's, for
 * any failure no more specific mapper answers. When the failure is one a retry can fix (the database
 * restarting or unreachable, a lost serialization race: the same classification the event consumers
 * retry by), it is a 503 with {@code Retry-After}, so that a client retries (with its
 * {@code Idempotency-Key}, safely) instead of giving up on a 500. Anything else is a 500 whose body
 * names an incident id that is also in the log, with the stack trace, and nothing of the internals.
 */
public class ServerFailures {

    private static final Logger LOG = Logger.getLogger(ServerFailures.class);

    /** Seconds a client is asked to wait before it retries. */
    static final int RETRY_AFTER_SECONDS = 2;

    @ServerExceptionMapper
    public Response failed(Throwable failure) {
        if (Transience.isTransient(failure)) {
            LOG.warnf("answered 503, a retry can succeed: %s", failure.toString());
            return Response.fromResponse(Problem.response(Response.Status.SERVICE_UNAVAILABLE,
                            "the service cannot reach what it depends on just now; retry (with the same Idempotency-Key)"))
                    .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(failure, "answered 500, incident %s", incident);
        return Problem.response(Response.Status.INTERNAL_SERVER_ERROR, "the service failed; incident " + incident);
    }
}
