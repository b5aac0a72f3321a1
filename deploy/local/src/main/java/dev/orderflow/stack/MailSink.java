package dev.orderflow.stack;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Test support: the mails the stack's SMTP sink (GreenMail) received, read through its REST API.
 * Every address has its own mailbox; an address nobody wrote to has none (no mails).
 */
public final class MailSink {

    /** A received mail. */
    public record Mail(String subject, String messageId, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String apiUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param apiUrl the sink's REST API, e.g. {@code http://127.0.0.1:8097/api} (StackConfig#mailApiUrl) */
    public MailSink(String apiUrl) {
        this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    }

    /** The mails in an address's inbox, oldest first. */
    public List<Mail> inbox(String address) {
        URI uri = URI.create(apiUrl + "/user/" + URLEncoder.encode(address, StandardCharsets.UTF_8) + "/messages/INBOX");
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 400 || response.statusCode() == 404 || response.body().isBlank()) {
                // GreenMail knows an address only once a mail arrived for it (400 "User ... not found" before).
                return List.of();
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("mail sink answered " + response.statusCode() + ": " + response.body());
            }
            List<Mail> mails = new ArrayList<>();
            for (JsonNode m : JSON.readTree(response.body())) {
                mails.add(new Mail(m.path("subject").asText(null), m.path("Message-ID").asText(null),
                        m.path("mimeMessage").asText(m.toString())));
            }
            return mails;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the mail sink at " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
