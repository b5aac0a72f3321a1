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
        assertThat(declined.followUp()).isEqualTo(Payment.FollowUp.NONE);
        // Every attempt answered with a failure (a 503): the gateway said it did nothing.
        Payment.Transition down = requested().authorizationResult(new AuthorizationResult.Unavailable("503", false), NOW);
        assertThat(down.payment().status()).isEqualTo(Payment.Status.FAILED);
        assertThat(((Payment.Fact.Failed) down.facts().get(0)).reason()).isEqualTo(Payment.FailureReason.GATEWAY_UNAVAILABLE);
        assertThat(down.followUp()).isEqualTo(Payment.FollowUp.NONE);
    }

    @Test
    void anAuthorizationWithoutAnAnswerFailsThePaymentAndLeavesItInDoubtUntilTheGatewayIsAskedAgain() {
        Payment.Transition down = requested().authorizationResult(new AuthorizationResult.Unavailable("timeout", true), NOW);
        assertThat(down.payment().status()).isEqualTo(Payment.Status.FAILED_IN_DOUBT);
        assertThat(down.facts()).singleElement().isInstanceOf(Payment.Fact.Failed.class);
        assertThat(down.reversalDue()).isTrue();
        assertThat(down.payment().awaitsReversal()).isTrue();
        // The order ends meanwhile (it was rejected for the failed payment): nothing more to do now.
        Payment.Transition ended = down.payment().orderEnded(NOW);
        assertThat(ended.followUp()).isEqualTo(Payment.FollowUp.NONE);
        assertThat(ended.payment().awaitsReversal()).isTrue();

        Payment.Transition settled = ended.payment().reversed("the gateway had authorized it (auth-1): refunded (r-1)", NOW);
        assertThat(settled.payment().status()).isEqualTo(Payment.Status.REVERSED);
        assertThat(settled.payment().detail()).isEqualTo("timeout; the gateway had authorized it (auth-1): refunded (r-1)");
        assertThat(settled.facts()).isEmpty(); // nothing was announced as authorized, so nothing is announced as refunded
        assertThat(settled.payment().awaitsReversal()).isFalse();
        assertThat(settled.payment().reversed("again", NOW).payment()).isEqualTo(settled.payment());
        // A late first answer changes nothing any more.
        assertThat(settled.payment().authorizationResult(new AuthorizationResult.Authorized("auth-1"), NOW).facts()).isEmpty();
    }

    @Test
    void anAuthorizationWithoutAnAnswerAfterTheOrderEndedIsAskedAgainTooButAnnouncedToNobody() {
        Payment.Transition down = requested().orderEnded(NOW).payment().authorizationResult(new AuthorizationResult.Unavailable("timeout", true), NOW);
        assertThat(down.payment().status()).isEqualTo(Payment.Status.FAILED_IN_DOUBT);
        assertThat(down.facts()).isEmpty();
        assertThat(down.reversalDue()).isTrue();
    }

    @Test
    void onlyAPaymentInDoubtIsReversed() {
        assertThat(requested().reversed("x", NOW).payment()).isEqualTo(requested());
        Payment declined = requested().authorizationResult(new AuthorizationResult.Declined("no"), NOW).payment();
        assertThat(declined.reversed("x", NOW).payment()).isEqualTo(declined);
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
