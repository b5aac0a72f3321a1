package dev.orderflow.stack;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.standalone.GreenMailStandaloneRunner;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Flags;

/**
 * The stack's mail server: GreenMail standalone (SMTP and its REST API, configured by the same
 * {@code greenmail.*} system properties), which keeps every mail it receives in memory — so, under a
 * stream of orders, its heap fills and it spends its time in full collections until it runs out of
 * memory. A real relay keeps nothing it delivered; this one keeps the newest mails (a test looks at
 * those) and drops the oldest beyond {@code orderflow.mail.keep} (50,000 by default), checked every
 * few seconds. Runs on GreenMail's class path alone (this class and the standalone jar).
 */
public final class MailSimulator {

    static final String KEEP = "orderflow.mail.keep";

    private MailSimulator() {
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        GreenMailStandaloneRunner runner = new GreenMailStandaloneRunner();
        runner.doRun(System.getProperties());
        // The runner keeps its GreenMail to itself (a package-private getter).
        Method getter = GreenMailStandaloneRunner.class.getDeclaredMethod("getGreenMail");
        getter.setAccessible(true);
        GreenMail mail = (GreenMail) getter.invoke(runner);
        int keep = Integer.getInteger(KEEP, 50_000);
        ScheduledExecutorService retention = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mail-retention");
            t.setDaemon(true);
            return t;
        });
        retention.scheduleWithFixedDelay(() -> {
            try {
                int dropped = dropOldest(mail.getManagers().getImapHostManager(), keep);
                if (dropped > 0) {
                    System.out.printf("mail retention: dropped the %d oldest mails, keeping the newest %d%n", dropped, keep);
                }
            } catch (java.util.ConcurrentModificationException e) {
                // A mail arrived in a folder while it was read: the next round, in 5 s, reads it again.
            } catch (RuntimeException | FolderException e) {
                System.err.println("mail retention failed: " + e);
            }
        }, 5, 5, TimeUnit.SECONDS);
    }

    /** Deletes the oldest mails over every mailbox beyond {@code keep}, down to 90 % of it; returns how many. */
    static int dropOldest(ImapHostManager imap, int keep) throws FolderException {
        List<StoredMessage> all = imap.getAllMessages();
        if (all.size() <= keep) {
            return 0;
        }
        record Held(MailFolder folder, long uid, long received) {
        }
        List<Held> held = new ArrayList<>(all.size());
        for (MailFolder folder : imap.getStore().listMailboxes("*")) {
            for (StoredMessage m : folder.getMessages()) {
                held.add(new Held(folder, m.getUid(), m.getReceivedDate() == null ? 0 : m.getReceivedDate().getTime()));
            }
        }
        held.sort(Comparator.comparingLong(Held::received).thenComparingLong(Held::uid));
        int drop = Math.max(0, held.size() - keep * 9 / 10);
        Set<MailFolder> touched = new HashSet<>();
        Flags deleted = new Flags(Flags.Flag.DELETED);
        for (Held h : held.subList(0, drop)) {
            h.folder().setFlags(deleted, true, h.uid(), null, true);
            touched.add(h.folder());
        }
        for (MailFolder folder : touched) {
            folder.expunge();
        }
        return drop;
    }
}
