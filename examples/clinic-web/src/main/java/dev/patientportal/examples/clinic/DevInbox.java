package dev.patientportal.examples.clinic;

import dev.patientportal.notify.DeliveryResult;
import dev.patientportal.notify.spi.EmailChannel;
import dev.patientportal.notify.spi.EmailMessage;
import dev.patientportal.notify.spi.PushChannel;
import dev.patientportal.notify.spi.PushMessage;
import dev.patientportal.notify.spi.PushToken;
import dev.patientportal.notify.spi.SmsChannel;
import dev.patientportal.notify.spi.SmsMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the demo's e-mails, SMS and push messages go instead of a provider: kept in memory, newest first, for the dev
 * inbox page. Nothing leaves the machine. This is the one place of the demo that keeps message texts (login codes
 * included); a real channel must never keep or log them.
 */
public final class DevInbox {
    /** The kind of channel a message went through. */
    public enum Kind {
        /** An e-mail. */
        EMAIL,
        /** A text message. */
        SMS,
        /** A push notification to the clinic's app. */
        PUSH
    }

    /**
     * One message as it was sent.
     *
     * @param id a sequence number
     * @param kind the channel
     * @param to the address, number or push token
     * @param subject the e-mail's subject or the push title; empty for an SMS
     * @param text the plain text
     * @param at when it was sent
     */
    public record Message(long id, Kind kind, String to, String subject, String text, Instant at) {
        /** Shows only the id and kind: the rest may hold a code or an address. */
        @Override
        public String toString() {
            return "Message[" + id + ", " + kind + "]";
        }
    }

    private static final int CAPACITY = 500;

    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Clock clock;

    /**
     * Creates an empty inbox.
     *
     * @param clock when messages are stamped
     */
    public DevInbox(Clock clock) {
        this.clock = clock;
    }

    /**
     * Every message kept, newest first.
     *
     * @return a snapshot
     */
    public List<Message> messages() {
        List<Message> all = new ArrayList<>(messages);
        java.util.Collections.reverse(all);
        return all;
    }

    /**
     * The e-mail channel that keeps what it is given.
     *
     * @return the channel
     */
    public EmailChannel email() {
        return this::send;
    }

    /**
     * The SMS channel that keeps what it is given.
     *
     * @return the channel
     */
    public SmsChannel sms() {
        return this::send;
    }

    /**
     * The push channel that keeps what it is given, once per device.
     *
     * @return the channel
     */
    public PushChannel push() {
        return this::send;
    }

    private DeliveryResult send(EmailMessage m) {
        return keep(Kind.EMAIL, m.to().value(), m.subject(), m.text());
    }

    private DeliveryResult send(SmsMessage m) {
        return keep(Kind.SMS, m.to().e164(), "", m.text());
    }

    private List<DeliveryResult> send(PushMessage m, List<PushToken> tokens) {
        List<DeliveryResult> results = new ArrayList<>(tokens.size());
        for (PushToken token : tokens) {
            results.add(keep(Kind.PUSH, token.value(), m.title(), m.body()));
        }
        return results;
    }

    private DeliveryResult keep(Kind kind, String to, String subject, String text) {
        long id = sequence.incrementAndGet();
        messages.add(new Message(id, kind, to, subject, text, clock.instant()));
        while (messages.size() > CAPACITY) {
            messages.remove(0);
        }
        return DeliveryResult.sent("dev-inbox-" + id);
    }
}
