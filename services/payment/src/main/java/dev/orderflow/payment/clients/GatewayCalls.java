package dev.orderflow.payment.clients;

import dev.orderflow.messaging.calls.CallHandler;
import dev.orderflow.messaging.calls.PendingCall;
import dev.orderflow.payment.PaymentService;
import dev.orderflow.payment.domain.AuthorizationResult;
import dev.orderflow.payment.domain.Payment;
import dev.orderflow.payment.domain.PaymentMethod;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The payment gateway calls the payment service decided on, made outside any transaction. */
public final class GatewayCalls {

    private GatewayCalls() {
    }

    @ApplicationScoped
    public static class Authorize implements CallHandler {

        /** Attempts (0.5 s, 1 s, 2 s, ... apart) to wait for a customer the replica does not have yet. */
        static final int REPLICA_ATTEMPTS = 7;

        private final PaymentService payments;
        private final PaymentGateway gateway;

        Authorize(PaymentService payments, PaymentGateway gateway) {
            this.payments = payments;
            this.gateway = gateway;
        }

        @Override
        public String kind() {
            return PaymentService.AUTHORIZE;
        }

        @Override
        public Uni<Void> perform(PendingCall call) {
            return payments.toAuthorize(call.subject()).chain(payment -> payment == null ? payments.nothingToDo(call)
                    : payments.methodOf(payment).chain(method -> charge(call, payment, method))
                    .chain(result -> payments.authorizationAnswered(call, result)));
        }

        private Uni<AuthorizationResult> charge(PendingCall call, Payment payment, PaymentMethod method) {
            if (method == null && call.attempt() < REPLICA_ATTEMPTS) {
                // The customer stream is read apart from the inventory stream: the replica may lag behind.
                return Uni.createFrom().failure(new IllegalStateException("customer " + payment.customerId()
                        + " is not in the replica yet"));
            }
            if (method != null && method.paysByInvoice()) {
                return Uni.createFrom().item(new AuthorizationResult.AwaitingTransfer());
            }
            if (method == null || !method.canPay()) {
                return Uni.createFrom().item(new AuthorizationResult.NoPaymentMethod(
                        "no card or wallet token on file for customer " + payment.customerId()));
            }
            return gateway.authorize(payment.id(), payment.amountMinor(), payment.currency(), method.token());
        }
    }

    @ApplicationScoped
    public static class Refund implements CallHandler {

        private final PaymentService payments;
        private final PaymentGateway gateway;

        Refund(PaymentService payments, PaymentGateway gateway) {
            this.payments = payments;
            this.gateway = gateway;
        }

        @Override
        public String kind() {
            return PaymentService.REFUND;
        }

        @Override
        public Uni<Void> perform(PendingCall call) {
            return payments.toRefund(call.subject()).chain(payment -> payment == null ? payments.nothingToDo(call)
                    : gateway.refund(payment.id(), payment.gatewayReference(), payment.amountMinor(), payment.currency())
                    .chain(refundId -> payments.refunded(call, refundId)));
        }
    }
}
