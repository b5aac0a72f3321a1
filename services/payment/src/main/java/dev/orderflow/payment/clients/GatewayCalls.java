package dev.orderflow.payment.clients;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.orderflow.messaging.calls.CallHandler;
import dev.orderflow.messaging.calls.PendingCall;
import dev.orderflow.messaging.calls.Unanswered;
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

    /** A payment to authorize, with its customer's payment method as the replica has it (null: not replicated yet). */
    public record Charge(Payment payment, PaymentMethod method) {
    }

    @ApplicationScoped
    public static class Authorize implements CallHandler<Charge, AuthorizationResult> {

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
        public Uni<Map<Long, Charge>> begin(List<PendingCall> calls) {
            return charges(payments, calls, payments.awaitingAuthorization(PendingCall.subjects(calls)));
        }

        @Override
        public Uni<AuthorizationResult> call(PendingCall call, Charge charge) {
            Payment payment = charge.payment();
            PaymentMethod method = charge.method();
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
            return gateway.authorize(payment.id(), payment.amountMinor(), payment.currency(), method.token(), new Unanswered());
        }

        @Override
        public Uni<Void> record(List<Outcome<Charge, AuthorizationResult>> outcomes) {
            return payments.authorizationsAnswered(Outcome.answers(outcomes, charge -> charge.payment().id()));
        }
    }

    /** The payments waiting, each with its customer's payment method as the replica has it now, by call id. */
    private static Uni<Map<Long, Charge>> charges(PaymentService payments, List<PendingCall> calls, Uni<Map<String, Payment>> waiting) {
        return waiting.chain(found -> payments.methodsOf(found.values().stream().map(Payment::customerId).distinct().toList())
                .map(methods -> {
                    Map<String, Charge> charges = new LinkedHashMap<>();
                    found.forEach((id, payment) -> charges.put(id, new Charge(payment, methods.get(payment.customerId()))));
                    return PendingCall.byCall(calls, charges);
                }));
    }

    /**
     * Settles a payment in doubt: the authorization that got no answer is sent again with its
     * idempotency key, and what the gateway authorized is refunded. The answer is what became of it.
     */
    @ApplicationScoped
    public static class Reverse implements CallHandler<Charge, String> {

        private final PaymentService payments;
        private final PaymentGateway gateway;

        Reverse(PaymentService payments, PaymentGateway gateway) {
            this.payments = payments;
            this.gateway = gateway;
        }

        @Override
        public String kind() {
            return PaymentService.REVERSE;
        }

        @Override
        public Uni<Map<Long, Charge>> begin(List<PendingCall> calls) {
            return charges(payments, calls, payments.awaitingReversal(PendingCall.subjects(calls)));
        }

        @Override
        public Uni<String> call(PendingCall call, Charge charge) {
            Payment payment = charge.payment();
            if (charge.method() == null || !charge.method().canPay()) {
                // The card the first request carried is gone from the replica: the gateway cannot be asked the same question.
                return Uni.createFrom().item("not asked again: customer " + payment.customerId() + " has no card or wallet on file any more");
            }
            return gateway.askAgain(payment.id(), payment.amountMinor(), payment.currency(), charge.method().token())
                    .chain(answer -> switch (answer) {
                        case AuthorizationResult.Authorized a -> gateway.refund(payment.id(), a.reference(), payment.amountMinor(),
                                payment.currency()).map(refund -> "the gateway had authorized it (" + a.reference() + "): refunded (" + refund + ")");
                        case AuthorizationResult.Declined d -> Uni.createFrom().item("the gateway had authorized nothing (" + d.reason() + ")");
                        default -> Uni.createFrom().failure(new IllegalStateException("unexpected answer " + answer));
                    });
        }

        @Override
        public Uni<Void> record(List<Outcome<Charge, String>> outcomes) {
            return payments.reversalsSettled(Outcome.answers(outcomes, charge -> charge.payment().id()));
        }
    }

    @ApplicationScoped
    public static class Refund implements CallHandler<Payment, String> {

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
        public Uni<Map<Long, Payment>> begin(List<PendingCall> calls) {
            return payments.awaitingRefund(PendingCall.subjects(calls)).map(waiting -> PendingCall.byCall(calls, waiting));
        }

        @Override
        public Uni<String> call(PendingCall call, Payment payment) {
            return gateway.refund(payment.id(), payment.gatewayReference(), payment.amountMinor(), payment.currency());
        }

        @Override
        public Uni<Void> record(List<Outcome<Payment, String>> outcomes) {
            return payments.refundsConfirmed(Outcome.answers(outcomes, Payment::id));
        }
    }
}
