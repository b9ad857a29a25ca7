package dev.patientportal.testkit;

import dev.patientportal.core.CodeMessage;
import dev.patientportal.core.EmailAddress;
import dev.patientportal.core.PhoneNumber;
import dev.patientportal.core.spi.CodeSender;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link CodeSender} that keeps every message in memory instead of sending it, so a test or a demo can read the code
 * a patient would have received.
 *
 * <p><b>For tests and demos only:</b> it keeps codes in clear, which the {@link CodeSender} contract forbids in
 * production. Thread-safe.
 */
public final class RecordingCodeSender implements CodeSender {
    private final List<CodeMessage> messages = new CopyOnWriteArrayList<>();

    /** Creates an empty sender. */
    public RecordingCodeSender() {}

    @Override
    public void send(CodeMessage message) {
        messages.add(Objects.requireNonNull(message, "message"));
    }

    /**
     * Returns every message "sent" so far.
     *
     * @return a snapshot, oldest first
     */
    public List<CodeMessage> messages() {
        return List.copyOf(messages);
    }

    /**
     * Returns the code of the last message on a channel.
     *
     * @param channel e-mail or SMS
     * @return the code, or empty when none was sent on the channel
     */
    public Optional<String> lastCode(CodeMessage.Channel channel) {
        Objects.requireNonNull(channel, "channel");
        List<CodeMessage> snapshot = messages();
        for (int i = snapshot.size() - 1; i >= 0; i--) {
            if (snapshot.get(i).channel() == channel) {
                return Optional.of(snapshot.get(i).code());
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the codes sent to an e-mail address.
     *
     * @param email the address
     * @return the codes, oldest first
     */
    public List<String> codesFor(EmailAddress email) {
        Objects.requireNonNull(email, "email");
        return messages.stream()
                .filter(m -> email.equals(m.email()))
                .map(CodeMessage::code)
                .toList();
    }

    /**
     * Returns the codes sent to a phone number.
     *
     * @param phone the number
     * @return the codes, oldest first
     */
    public List<String> codesFor(PhoneNumber phone) {
        Objects.requireNonNull(phone, "phone");
        return messages.stream()
                .filter(m -> phone.equals(m.phone()))
                .map(CodeMessage::code)
                .toList();
    }

    /** Forgets every message. */
    public void clear() {
        messages.clear();
    }
}
