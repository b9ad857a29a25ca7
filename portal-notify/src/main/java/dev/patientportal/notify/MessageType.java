package dev.patientportal.notify;

import dev.patientportal.core.NotificationIntent;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The kinds of message that have templates: one per {@link NotificationIntent.Type}, and the login code. Each allows
 * a fixed set of template variables, none of which is personal data:
 *
 * <ul>
 *   <li>every message: {@code institutionName}, {@code portalUrl};
 *   <li>reservations: also {@code startsAt}, the appointment's start in the patient's language and the institution's
 *       time zone;
 *   <li>login code: also {@code code} and {@code validMinutes}.
 * </ul>
 */
@SuppressWarnings("ImmutableEnumChecker") // every constant passes Set.of(...), which is unmodifiable
public enum MessageType {
    /** A new document is visible in the portal. */
    DOCUMENT_PUBLISHED(Set.of()),
    /** Portal access was granted: welcome, no secret. */
    ACCESS_GRANTED(Set.of()),
    /** A reservation was booked. */
    RESERVATION_BOOKED(Set.of(MessageType.STARTS_AT)),
    /** A reservation was rescheduled. */
    RESERVATION_CHANGED(Set.of(MessageType.STARTS_AT)),
    /** A reservation was cancelled. */
    RESERVATION_CANCELLED(Set.of(MessageType.STARTS_AT)),
    /** A one-time login code, by e-mail or SMS. */
    LOGIN_CODE(Set.of(MessageType.CODE, MessageType.VALID_MINUTES));

    /** Variable: the institution's name. */
    public static final String INSTITUTION_NAME = "institutionName";
    /** Variable: the link to the portal. */
    public static final String PORTAL_URL = "portalUrl";
    /** Variable: a reservation's start, formatted for the patient. */
    public static final String STARTS_AT = "startsAt";
    /** Variable: the login code. */
    public static final String CODE = "code";
    /** Variable: how many minutes the login code is valid. */
    public static final String VALID_MINUTES = "validMinutes";

    private final Set<String> extra;

    MessageType(Set<String> extra) {
        this.extra = extra;
    }

    /**
     * Returns the variables this message's templates may use.
     *
     * @return the variable names
     */
    public Set<String> allowedVariables() {
        Set<String> all = new java.util.TreeSet<>(extra);
        all.add(INSTITUTION_NAME);
        all.add(PORTAL_URL);
        return java.util.Collections.unmodifiableSet(all);
    }

    /**
     * Returns the channels this message has templates for.
     *
     * @return every channel, except push for login codes
     */
    public Set<Channel> channels() {
        return this == LOGIN_CODE ? EnumSet.of(Channel.EMAIL, Channel.SMS) : EnumSet.allOf(Channel.class);
    }

    /**
     * Returns the prefix of this message's template keys, such as {@code document-published}.
     *
     * @return the key
     */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Returns the message type of a notification intent.
     *
     * @param type the intent's type
     * @return the message type
     */
    public static MessageType of(NotificationIntent.Type type) {
        return switch (type) {
            case DOCUMENT_PUBLISHED -> DOCUMENT_PUBLISHED;
            case ACCESS_GRANTED -> ACCESS_GRANTED;
            case RESERVATION_BOOKED -> RESERVATION_BOOKED;
            case RESERVATION_CHANGED -> RESERVATION_CHANGED;
            case RESERVATION_CANCELLED -> RESERVATION_CANCELLED;
        };
    }
}
