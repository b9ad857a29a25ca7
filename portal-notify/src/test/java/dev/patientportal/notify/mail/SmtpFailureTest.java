package dev.patientportal.notify.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.EmailAddress;
import dev.patientportal.notify.DeliveryResult;
import dev.patientportal.notify.DeliveryResult.FailureReason;
import dev.patientportal.notify.spi.EmailMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How SMTP replies map to results, against a scripted SMTP server on a loopback port speaking the real protocol. */
class SmtpFailureTest {
    static final EmailMessage MESSAGE = new EmailMessage(
            EmailAddress.parse("nobody@example.test"),
            "Clinic",
            "Subject",
            "Text",
            "<p>Html</p>",
            Locale.ENGLISH,
            "ref-1");

    ServerSocket server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /** Starts a server that answers RCPT TO with the given reply; greets only when {@code greet}. */
    int scripted(String rcptReply, boolean greet) throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = s.getOutputStream();
                if (!greet) {
                    in.readLine(); // hold the connection without a word until the client gives up
                    return;
                }
                write(out, "220 scripted ESMTP");
                for (String line; (line = in.readLine()) != null; ) {
                    String cmd = line.toUpperCase(Locale.ROOT);
                    if (cmd.startsWith("EHLO")) {
                        write(out, "250-scripted\r\n250 8BITMIME");
                    } else if (cmd.startsWith("MAIL FROM")) {
                        write(out, "250 2.1.0 OK");
                    } else if (cmd.startsWith("RCPT TO")) {
                        write(out, rcptReply);
                    } else if (cmd.startsWith("RSET") || cmd.startsWith("NOOP")) {
                        write(out, "250 OK");
                    } else if (cmd.startsWith("QUIT")) {
                        write(out, "221 bye");
                        return;
                    } else {
                        write(out, "502 not implemented");
                    }
                }
            } catch (IOException e) {
                // the test is over
            }
        });
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    static JakartaMailChannel channel(int port, Duration timeout) {
        return JakartaMailChannel.create(
                SmtpSettings.builder("127.0.0.1", port, EmailAddress.parse("portal@clinic.example"))
                        .security(SmtpSettings.Security.NONE)
                        .timeouts(timeout, timeout)
                        .build());
    }

    @Test
    void a_mailbox_rejected_with_5xx_fails_for_good() throws IOException {
        int port = scripted("550 5.1.1 No such user", true);

        assertThat(channel(port, Duration.ofSeconds(5)).send(MESSAGE))
                .isEqualTo(DeliveryResult.failed(FailureReason.INVALID_ADDRESS, "smtp-550"));
    }

    @Test
    void a_mailbox_deferred_with_4xx_is_retried_later() throws IOException {
        int port = scripted("451 4.3.0 Try again later", true);

        assertThat(channel(port, Duration.ofSeconds(5)).send(MESSAGE))
                .isEqualTo(DeliveryResult.retryLater(null, "smtp-451"));
    }

    @Test
    void a_silent_server_times_out_and_is_retried_later() throws IOException {
        int port = scripted("unused", false);

        assertThat(channel(port, Duration.ofMillis(300)).send(MESSAGE))
                .isEqualTo(DeliveryResult.retryLater(null, "timeout"));
    }

    @Test
    void a_refused_connection_is_retried_later() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }

        assertThat(channel(port, Duration.ofSeconds(2)).send(MESSAGE))
                .isEqualTo(DeliveryResult.retryLater(null, "connection-refused"));
    }
}
