package dev.orderflow.notification.clients;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.orderflow.messaging.calls.CallHandler;
import dev.orderflow.messaging.calls.PendingCall;
import dev.orderflow.notification.NotificationService;
import dev.orderflow.notification.domain.Notification;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Sends notification mails over SMTP (Quarkus Mailer), outside any transaction, at most once each. */
@ApplicationScoped
public class MailCalls implements CallHandler<Notification, Boolean> {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(20);

    private final NotificationService notifications;
    private final ReactiveMailer mailer;

    MailCalls(NotificationService notifications, ReactiveMailer mailer) {
        this.notifications = notifications;
        this.mailer = mailer;
    }

    @Override
    public String kind() {
        return NotificationService.SEND;
    }

    @Override
    public Uni<Map<Long, Notification>> begin(List<PendingCall> calls) {
        return notifications.startSending(PendingCall.subjects(calls)).map(toSend -> PendingCall.byCall(calls, toSend));
    }

    /** True once the mail server took the mail. */
    @Override
    public Uni<Boolean> call(PendingCall call, Notification n) {
        return mailer.send(Mail.withText(n.recipient(), n.subject(), n.body()).addHeader("Message-ID", n.messageId()))
                .ifNoItem().after(SEND_TIMEOUT).failWith(() -> new IllegalStateException("the mail server did not answer in time"))
                .replaceWith(Boolean.TRUE);
    }

    @Override
    public Uni<Void> record(List<Outcome<Notification, Boolean>> outcomes) {
        List<Notification> sent = new ArrayList<>();
        List<Notification> notSent = new ArrayList<>();
        outcomes.forEach(o -> (o.answered() ? sent : notSent).add(o.target()));
        return notifications.sendingEnded(sent, notSent);
    }
}
