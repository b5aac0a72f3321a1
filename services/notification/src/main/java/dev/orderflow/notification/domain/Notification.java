package dev.orderflow.notification.domain;

/**
 * The e-mail for one notice. Sending is at most once: a notification is marked as being sent before
 * the mail server is contacted, so a crash in between leaves it {@link Status#UNCERTAIN} rather
 * than sent twice.
 */
public record Notification(String id, String orderId, Notice.Transition transition, String recipient, String subject,
                           String body, Status status) {

    public enum Status { PENDING, SENDING, SENT, UNCERTAIN }

    public static Notification compose(String id, Notice notice) {
        String greeting = "Hello " + (notice.customerName() == null ? "" : notice.customerName()) + ",\n\n";
        String order = "order " + notice.orderId();
        String detail = notice.detail() == null ? "" : "\n" + notice.detail() + "\n";
        String subject;
        String text;
        switch (notice.transition()) {
            case PLACED -> {
                subject = "We received your " + order;
                text = "thank you: we received your " + order + " and are preparing it." + detail;
            }
            case CONFIRMED -> {
                subject = "Your " + order + " is confirmed";
                text = "your " + order + " is paid and on its way to the carrier." + detail;
            }
            case REJECTED -> {
                subject = "We could not complete your " + order;
                text = "we are sorry: we could not complete your " + order + ". Nothing was charged, or the charge was refunded."
                        + detail;
            }
            case CANCELLED -> {
                subject = "Your " + order + " is cancelled";
                text = "your " + order + " is cancelled as you asked. Any charge is refunded." + detail;
            }
            default -> throw new IllegalStateException("unknown transition " + notice.transition());
        }
        return new Notification(id, notice.orderId(), notice.transition(), notice.email(), subject,
                greeting + text + "\n-- orderflow", Status.PENDING);
    }

    /** The Message-ID of this notification's mail: the same for every attempt, so that a receiver can spot a copy. */
    public String messageId() {
        return "<" + orderId + "." + transition.name().toLowerCase() + "@orderflow>";
    }
}
