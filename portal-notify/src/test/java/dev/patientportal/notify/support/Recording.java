package dev.patientportal.notify.support;

import dev.patientportal.notify.DeliveryResult;
import dev.patientportal.notify.spi.EmailChannel;
import dev.patientportal.notify.spi.EmailMessage;
import dev.patientportal.notify.spi.PushChannel;
import dev.patientportal.notify.spi.PushMessage;
import dev.patientportal.notify.spi.PushToken;
import dev.patientportal.notify.spi.SmsChannel;
import dev.patientportal.notify.spi.SmsMessage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** In-memory channels that record what they are given and answer with scripted results (default: sent). */
public final class Recording {
    private Recording() {}

    /** Results to give, in order; when used up, a fresh {@code Sent}. */
    abstract static class Script {
        private final Deque<DeliveryResult> next = new ArrayDeque<>();
        private final AtomicInteger counter = new AtomicInteger();
        private final String prefix;

        Script(String prefix) {
            this.prefix = prefix;
        }

        public synchronized void then(DeliveryResult... results) {
            next.addAll(List.of(results));
        }

        synchronized DeliveryResult nextResult() {
            DeliveryResult r = next.poll();
            return r != null ? r : DeliveryResult.sent(prefix + counter.incrementAndGet());
        }
    }

    /** An e-mail channel. */
    public static final class Email extends Script implements EmailChannel {
        public final List<EmailMessage> sent = new CopyOnWriteArrayList<>();

        public Email() {
            super("email-");
        }

        @Override
        public DeliveryResult send(EmailMessage message) {
            sent.add(message);
            return nextResult();
        }
    }

    /** An SMS channel. */
    public static final class Sms extends Script implements SmsChannel {
        public final List<SmsMessage> sent = new CopyOnWriteArrayList<>();

        public Sms() {
            super("sms-");
        }

        @Override
        public DeliveryResult send(SmsMessage message) {
            sent.add(message);
            return nextResult();
        }
    }

    /** A push channel; results per token from a function (default: sent). */
    public static final class Push implements PushChannel {
        public final List<PushMessage> messages = new CopyOnWriteArrayList<>();
        public final List<List<PushToken>> calls = new CopyOnWriteArrayList<>();
        private volatile Function<PushToken, DeliveryResult> answer = t -> DeliveryResult.sent("fcm-" + t.value());

        public void answer(Function<PushToken, DeliveryResult> answer) {
            this.answer = answer;
        }

        @Override
        public List<DeliveryResult> send(PushMessage message, List<PushToken> tokens) {
            messages.add(message);
            calls.add(List.copyOf(tokens));
            return tokens.stream().map(t -> answer.apply(t)).toList();
        }
    }
}
