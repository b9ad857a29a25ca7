package dev.patientportal.micrometer;

import dev.patientportal.notify.DeliveryResult;
import dev.patientportal.notify.spi.EmailChannel;
import dev.patientportal.notify.spi.EmailMessage;
import dev.patientportal.notify.spi.SmsChannel;
import dev.patientportal.notify.spi.SmsMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** E-mail and SMS channels that keep what they are given and answer as told (default: sent). */
final class Channels implements EmailChannel, SmsChannel {
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    final List<EmailMessage> emails = new CopyOnWriteArrayList<>();
    final List<SmsMessage> sms = new CopyOnWriteArrayList<>();
    volatile Function<SmsMessage, DeliveryResult> smsAnswer = m -> DeliveryResult.sent("sms");

    @Override
    public DeliveryResult send(EmailMessage message) {
        emails.add(message);
        return DeliveryResult.sent("mail-" + emails.size());
    }

    @Override
    public DeliveryResult send(SmsMessage message) {
        sms.add(message);
        return smsAnswer.apply(message);
    }

    /** The code of the last SMS that carried one. */
    String lastSmsCode() {
        for (int i = sms.size() - 1; i >= 0; i--) {
            Matcher m = CODE.matcher(sms.get(i).text());
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("no code sent");
    }

    /** All segments of the SMS the channel took so far, as the notifier counted them. */
    int segments() {
        return sms.stream().mapToInt(m -> m.segments().segments()).sum();
    }
}
