package dev.orderflow.notification.clients;

import java.time.Duration;

import dev.orderflow.messaging.calls.CallHandler;
import dev.orderflow.messaging.calls.PendingCall;
import dev.orderflow.notification.NotificationService;
import dev.orderflow.notification.domain.Notification;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Sends notification mails over SMTP (Quarkus Mailer), outside any transaction. */
@ApplicationScoped
public class MailCalls implements CallHandler {

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
    public Uni<Void> perform(PendingCall call) {
        return notifications.startSending(call).chain(notification -> notification == null ? Uni.createFrom().voidItem()
                : send(notification)
                        .onFailure().call(e -> notifications.notSent(notification))
                        .chain(() -> notifications.sent(call, notification)));
    }

    private Uni<Void> send(Notification n) {
        return mailer.send(Mail.withText(n.recipient(), n.subject(), n.body()).addHeader("Message-ID", n.messageId()))
                .ifNoItem().after(SEND_TIMEOUT).failWith(() -> new IllegalStateException("the mail server did not answer in time"));
    }
}
