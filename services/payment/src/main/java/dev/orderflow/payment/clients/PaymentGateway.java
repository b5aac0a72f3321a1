package dev.orderflow.payment.clients;


import dev.orderflow.messaging.calls.Unanswered;
import dev.orderflow.payment.domain.AuthorizationResult;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import jakarta.ws.rs.core.Response;

/**
 * The payment gateway behind SmallRye Fault Tolerance. A decline is an answer, not a failure.
 * Unanswered calls (5xx, timeouts, no connection) are retried with jittered back-off; when the
 * gateway keeps failing the circuit opens, so that the next payments fail fast instead of piling
 * up; a bulkhead bounds the calls in flight. An authorization that still gets no answer falls
 * back to {@link AuthorizationResult.Unavailable}: the payment fails cleanly and the order is
 * undone, rather than hanging. If an attempt went unanswered ({@link Unanswered}: a timeout, a
 * connection broken after sending; not a 5xx, which is an answer) the gateway may have authorized
 * it all the same: the payment then asks again ({@link #askAgain}) and refunds what it finds.
 * Refunds have no fallback: they fail, stay pending and are retried until the money is back. The
 * policies' values are configuration (application.properties, MicroProfile Fault Tolerance keys such as
 * {@code dev.orderflow.payment.clients.PaymentGateway/authorize/Retry/maxRetries}), not code.
 */
@ApplicationScoped
public class PaymentGateway {

    private static final Logger LOG = Logger.getLogger(PaymentGateway.class);

    private final PaymentGatewayApi api;

    PaymentGateway(@RestClient PaymentGatewayApi api) {
        this.api = api;
    }

    @Timeout
    @Retry(retryOn = {GatewayUnavailableException.class,
            org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class})
    @CircuitBreaker
    @Bulkhead
    @Fallback(fallbackMethod = "unavailable")
    public Uni<AuthorizationResult> authorize(String paymentId, long amountMinor, String currency, String token, Unanswered unanswered) {
        return send(paymentId, amountMinor, currency, token, unanswered);
    }

    /**
     * Sends an authorization that got no answer again, with the same idempotency key, to learn what
     * the gateway made of it (the authorization it made, or its decline; if it never received the
     * first, it authorizes now). Nothing waits for the answer, so it may take longer than a first
     * attempt; no fallback: a call without an answer stays pending and is made again later.
     */
    @Timeout
    @Retry
    @CircuitBreaker
    @Bulkhead
    public Uni<AuthorizationResult> askAgain(String paymentId, long amountMinor, String currency, String token) {
        return send(paymentId, amountMinor, currency, token, new Unanswered());
    }

    private Uni<AuthorizationResult> send(String paymentId, long amountMinor, String currency, String token, Unanswered unanswered) {
        return unanswered.watch(api.authorize(paymentId, new PaymentGatewayApi.AuthorizationRequest(amountMinor, currency, token, paymentId)))
                .onFailure().transform(e -> new GatewayUnavailableException("no answer from the payment gateway: " + e, e))
                .map(response -> switch (response.getStatus()) {
                    case 200, 201 -> new AuthorizationResult.Authorized(
                            response.readEntity(PaymentGatewayApi.AuthorizationResponse.class).authorizationId());
                    case 402 -> new AuthorizationResult.Declined(reason(response));
                    default -> throw new GatewayUnavailableException("payment gateway answered " + response.getStatus());
                });
    }

    Uni<AuthorizationResult> unavailable(String paymentId, long amountMinor, String currency, String token, Unanswered unanswered,
                                         Throwable cause) {
        boolean inDoubt = unanswered.giveUp(); // no attempt still queued (behind the bulkhead) goes out after this
        LOG.warnf("payment %s: gateway unavailable, failing the payment%s: %s", paymentId,
                inDoubt ? " (an attempt went unanswered: it will be asked again)" : "", cause.toString());
        return Uni.createFrom().item(new AuthorizationResult.Unavailable("payment gateway unavailable: "
                + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), inDoubt));
    }

    /** Refunds an authorization; fails (to be retried later) unless the gateway confirms it. */
    @Timeout
    @Retry
    @CircuitBreaker
    @Bulkhead
    public Uni<String> refund(String paymentId, String authorizationId, long amountMinor, String currency) {
        return api.refund(authorizationId, "refund-" + paymentId, new PaymentGatewayApi.RefundRequest(amountMinor, currency))
                .map(response -> {
                    if (response.getStatus() != 200 && response.getStatus() != 201) {
                        throw new GatewayUnavailableException("refund of " + paymentId + ": gateway answered " + response.getStatus());
                    }
                    return response.readEntity(PaymentGatewayApi.RefundResponse.class).refundId();
                });
    }

    private static String reason(Response response) {
        try {
            PaymentGatewayApi.AuthorizationResponse body = response.readEntity(PaymentGatewayApi.AuthorizationResponse.class);
            return body != null && body.reason() != null ? body.reason() : "declined by the payment gateway";
        } catch (RuntimeException unreadable) {
            return "declined by the payment gateway";
        }
    }
}
