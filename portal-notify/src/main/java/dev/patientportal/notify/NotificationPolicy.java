package dev.patientportal.notify;

import dev.patientportal.core.NotificationIntent;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides which channels carry a notification. A pure function of the kind of notification and the
 * {@link PatientFacts}; the notifier gathers the facts and sends.
 *
 * <p>{@link #standard()} is the seed's policy: for a new visible document, e-mail always, push when the patient has
 * registered devices of the clinic's app, SMS when the grant enables it; for booked, changed or cancelled reservations
 * an e-mail confirmation and push; for granted access a welcome e-mail only. A host may wrap or replace it.
 *
 * <p>Implementations must be stateless and thread-safe.
 */
@FunctionalInterface
public interface NotificationPolicy {
    /**
     * Decides the channels.
     *
     * @param type what happened
     * @param facts what is known about the patient now
     * @return the channels to use, and the reason for each channel not used
     */
    Decision decide(NotificationIntent.Type type, PatientFacts facts);

    /**
     * The channels chosen and why the others were not.
     *
     * @param channels the channels to send through
     * @param skipped the reason for each channel not used; no channel is in both
     */
    record Decision(Set<Channel> channels, Map<Channel, SkipReason> skipped) {
        /**
         * Copies the sets and checks that every channel is either chosen or skipped, never both.
         *
         * @param channels the channels to send through
         * @param skipped the reason for each channel not used; no channel is in both
         * @throws IllegalArgumentException when a channel is both, or neither
         */
        public Decision {
            channels = channels.isEmpty()
                    ? Collections.unmodifiableSet(EnumSet.noneOf(Channel.class))
                    : Collections.unmodifiableSet(EnumSet.copyOf(channels));
            skipped = skipped.isEmpty()
                    ? Collections.unmodifiableMap(new EnumMap<>(Channel.class))
                    : Collections.unmodifiableMap(new EnumMap<>(skipped));
            for (Channel c : Channel.values()) {
                if (channels.contains(c) == skipped.containsKey(c)) {
                    throw new IllegalArgumentException(c + " must be either chosen or skipped");
                }
            }
        }
    }

    /**
     * The standard policy described above.
     *
     * @return the policy
     */
    static NotificationPolicy standard() {
        return (type, facts) -> {
            Objects.requireNonNull(type, "type");
            Set<Channel> channels = EnumSet.noneOf(Channel.class);
            Map<Channel, SkipReason> skipped = new EnumMap<>(Channel.class);
            SkipReason all = !facts.grantActive()
                    ? SkipReason.GRANT_INACTIVE
                    : !facts.subjectVisible() ? SkipReason.SUBJECT_NOT_VISIBLE : null;
            if (all != null) {
                for (Channel c : Channel.values()) {
                    skipped.put(c, all);
                }
                return new Decision(channels, skipped);
            }
            if (facts.hasEmail()) {
                channels.add(Channel.EMAIL);
            } else {
                skipped.put(Channel.EMAIL, SkipReason.NO_EMAIL_ADDRESS);
            }
            if (type == NotificationIntent.Type.ACCESS_GRANTED) {
                skipped.put(Channel.PUSH, SkipReason.NOT_FOR_THIS_EVENT);
            } else if (facts.devices() > 0) {
                channels.add(Channel.PUSH);
            } else {
                skipped.put(Channel.PUSH, SkipReason.NO_DEVICES);
            }
            if (type != NotificationIntent.Type.DOCUMENT_PUBLISHED) {
                skipped.put(Channel.SMS, SkipReason.NOT_FOR_THIS_EVENT);
            } else if (!facts.smsEnabled()) {
                skipped.put(Channel.SMS, SkipReason.SMS_NOT_ENABLED);
            } else if (!facts.hasMobile()) {
                skipped.put(Channel.SMS, SkipReason.NO_MOBILE_NUMBER);
            } else {
                channels.add(Channel.SMS);
            }
            return new Decision(channels, skipped);
        };
    }
}
