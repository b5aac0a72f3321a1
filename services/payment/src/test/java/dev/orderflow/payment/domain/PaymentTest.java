package dev.orderflow.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class PaymentTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    private static Payment requested() {
        return Payment.request("p-1", "o-1", "c-1", 2_999, "EUR", NOW);
    }

    @Test
    void anAuthorizationIsAnnounced() {
        Payment.Transition t = requested().authorizationResult(new AuthorizationResult.Authorized("auth-1"), NOW);
        assertThat(t.payment().status()).isEqualTo(Payment.Status.AUTHORIZED);
        assertThat(t.payment().gatewayReference()).isEqualTo("auth-1");
        assertThat(t.facts()).singleElement().isInstanceOf(Payment.Fact.Authorized.class);
        assertThat(t.refundDue()).isFalse();
    }

    @Test
    void declinesAndOutagesFailThePaymentWithTheirReason() {
        Payment.Transition declined = requested().authorizationResult(new AuthorizationResult.Declined("insufficient funds"), NOW);
        assertThat(declined.payment().status()).isEqualTo(Payment.Status.DECLINED);
        assertThat(declined.facts()).singleElement().isEqualTo(new Payment.Fact.Failed(declined.payment(), Payment.FailureReason.DECLINED));
        Payment.Transition down = requested().authorizationResult(new AuthorizationResult.Unavailable("503"), NOW);
        assertThat(down.payment().status()).isEqualTo(Payment.Status.FAILED);
        assertThat(((Payment.Fact.Failed) down.facts().get(0)).reason()).isEqualTo(Payment.FailureReason.GATEWAY_UNAVAILABLE);
    }

    @Test
    void anAnswerCountsOnce() {
        Payment authorized = requested().authorizationResult(new AuthorizationResult.Authorized("auth-1"), NOW).payment();
        Payment.Transition again = authorized.authorizationResult(new AuthorizationResult.Authorized("auth-1"), NOW);
        assertThat(again.facts()).isEmpty();
        assertThat(again.payment()).isEqualTo(authorized);
    }

    @Test
    void anOrderEndingBeforeTheCallVoidsThePaymentWithoutCharging() {
        Payment.Transition ended = requested().orderEnded(NOW);
        assertThat(ended.payment().status()).isEqualTo(Payment.Status.VOIDED);
        assertThat(ended.refundDue()).isFalse();
        assertThat(ended.payment().awaitsAuthorization()).isFalse();
        // The gateway declined the call that was already in flight: nothing to announce.
        assertThat(ended.payment().authorizationResult(new AuthorizationResult.Declined("no"), NOW).facts()).isEmpty();
    }

    @Test
    void moneyTakenWhileTheOrderEndedGoesBack() {
        Payment voided = requested().orderEnded(NOW).payment();
        Payment.Transition late = voided.authorizationResult(new AuthorizationResult.Authorized("auth-1"), NOW);
        assertThat(late.payment().status()).isEqualTo(Payment.Status.REFUND_PENDING);
        assertThat(late.facts()).singleElement().isInstanceOf(Payment.Fact.Authorized.class);
        assertThat(late.refundDue()).isTrue();
        Payment.Transition refunded = late.payment().refunded("refund r-1", NOW);
        assertThat(refunded.payment().status()).isEqualTo(Payment.Status.REFUNDED);
        assertThat(refunded.facts()).singleElement().isInstanceOf(Payment.Fact.Refunded.class);
        assertThat(refunded.payment().refunded("again", NOW).facts()).isEmpty();
    }

    @Test
    void anAuthorizedPaymentIsRefundedOnceWhenTheOrderEnds() {
        Payment authorized = requested().authorizationResult(new AuthorizationResult.Authorized("auth-1"), NOW).payment();
        Payment.Transition ended = authorized.orderEnded(NOW);
        assertThat(ended.payment().status()).isEqualTo(Payment.Status.REFUND_PENDING);
        assertThat(ended.refundDue()).isTrue();
        assertThat(ended.payment().orderEnded(NOW).refundDue()).isFalse();
    }

    @Test
    void aFailedPaymentHasNothingToUndo() {
        Payment declined = requested().authorizationResult(new AuthorizationResult.Declined("no"), NOW).payment();
        Payment.Transition ended = declined.orderEnded(NOW);
        assertThat(ended.payment().status()).isEqualTo(Payment.Status.DECLINED);
        assertThat(ended.refundDue()).isFalse();
    }

    @Test
    void anInvoiceWaitsForTheTransferAndIsVoidedIfTheOrderEndsFirst() {
        Payment waiting = requested().authorizationResult(new AuthorizationResult.AwaitingTransfer(), NOW).payment();
        assertThat(waiting.status()).isEqualTo(Payment.Status.AWAITING_TRANSFER);
        Payment.Transition paid = waiting.transferReceived("bank-1", NOW);
        assertThat(paid.payment().status()).isEqualTo(Payment.Status.AUTHORIZED);
        assertThat(paid.facts()).singleElement().isInstanceOf(Payment.Fact.Authorized.class);
        Payment voided = waiting.orderEnded(NOW).payment();
        assertThat(voided.status()).isEqualTo(Payment.Status.VOIDED);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> voided.transferReceived("late", NOW))
                .isInstanceOf(IllegalStateException.class);
    }
}
