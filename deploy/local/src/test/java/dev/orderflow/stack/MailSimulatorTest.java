package dev.orderflow.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import org.junit.jupiter.api.Test;

class MailSimulatorTest {

    @Test
    void beyondWhatItKeepsTheOldestMailsGoAndTheNewestStay() throws FolderException, jakarta.mail.MessagingException {
        GreenMail mail = new GreenMail(new ServerSetup(FreePorts.block(1), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        try {
            for (int i = 0; i < 30; i++) {
                GreenMailUtil.sendTextEmail("customer" + (i % 3) + "@shop.example", "shop@orderflow.example", "mail " + i, "body",
                        mail.getSmtp().getServerSetup());
            }
            var imap = mail.getManagers().getImapHostManager();
            assertThat(MailSimulator.dropOldest(imap, 30)).as("nothing beyond what it keeps").isZero();

            assertThat(MailSimulator.dropOldest(imap, 10)).isEqualTo(21);

            List<StoredMessage> left = imap.getAllMessages();
            assertThat(left).hasSize(9);
            List<String> subjects = new java.util.ArrayList<>();
            for (StoredMessage m : left) {
                subjects.add(m.getMimeMessage().getSubject());
            }
            assertThat(subjects).containsExactlyInAnyOrder("mail 21", "mail 22", "mail 23", "mail 24", "mail 25", "mail 26",
                    "mail 27", "mail 28", "mail 29");
        } finally {
            mail.stop();
        }
    }
}
