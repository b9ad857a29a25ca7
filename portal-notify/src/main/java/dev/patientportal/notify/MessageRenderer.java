package dev.patientportal.notify;

import dev.patientportal.core.CodeMessage;
import dev.patientportal.core.NotificationIntent;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns intents and login codes into the texts of each channel: picks the template locale, fills in the variables
 * (institution, portal link, start time in the institution's zone, code) and, when asked, rewrites SMS into GSM-7.
 * Nothing here sends, records or looks anything up.
 */
final class MessageRenderer {
    private final Templates templates;
    private final boolean transliterate;

    MessageRenderer(Templates templates, boolean transliterate) {
        this.templates = templates;
        this.transliterate = transliterate;
    }

    RenderedEmail email(NotificationIntent intent, InstitutionSettings settings, Locale preferred) {
        MessageType type = MessageType.of(intent.type());
        Locale locale = resolve(type, Channel.EMAIL, preferred, settings);
        return templates.renderEmail(type, locale, settings.defaultLocale(), values(intent, settings, locale));
    }

    RenderedSms sms(NotificationIntent intent, InstitutionSettings settings, Locale preferred) {
        MessageType type = MessageType.of(intent.type());
        Locale locale = resolve(type, Channel.SMS, preferred, settings);
        return sms(type, locale, settings, values(intent, settings, locale));
    }

    RenderedPush push(NotificationIntent intent, InstitutionSettings settings, Locale preferred) {
        MessageType type = MessageType.of(intent.type());
        Locale locale = resolve(type, Channel.PUSH, preferred, settings);
        return templates.renderPush(type, locale, settings.defaultLocale(), values(intent, settings, locale));
    }

    NotificationPreview preview(NotificationIntent intent, InstitutionSettings settings, Locale preferred) {
        return new NotificationPreview(
                email(intent, settings, preferred),
                sms(intent, settings, preferred),
                push(intent, settings, preferred),
                pushData(intent));
    }

    RenderedEmail codeEmail(CodeMessage message, InstitutionSettings settings) {
        return templates.renderEmail(
                MessageType.LOGIN_CODE, message.locale(), settings.defaultLocale(), codeValues(message, settings));
    }

    RenderedSms codeSms(CodeMessage message, InstitutionSettings settings) {
        return sms(MessageType.LOGIN_CODE, message.locale(), settings, codeValues(message, settings));
    }

    /** What a push carries besides its texts: enough for the app to open the right screen, and no personal data. */
    static Map<String, String> pushData(NotificationIntent intent) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("type", intent.type().name());
        data.put("notificationId", intent.id().toString());
        data.put("institution", intent.institution().value());
        String subject = intent.subjectId();
        if (subject != null) {
            data.put("subjectId", subject);
        }
        return data;
    }

    private RenderedSms sms(MessageType type, Locale locale, InstitutionSettings settings, Map<String, String> values) {
        RenderedSms r = templates.renderSms(type, locale, settings.defaultLocale(), values);
        if (!transliterate) {
            return r;
        }
        String text = GsmTransliterator.transliterate(r.text());
        return new RenderedSms(r.locale(), text, SmsSegments.count(text));
    }

    private Locale resolve(MessageType type, Channel channel, Locale preferred, InstitutionSettings settings) {
        return templates.resolve(type, channel, preferred, settings.defaultLocale());
    }

    private static Map<String, String> codeValues(CodeMessage message, InstitutionSettings settings) {
        Map<String, String> values = new HashMap<>();
        values.put(MessageType.INSTITUTION_NAME, settings.name());
        values.put(MessageType.PORTAL_URL, settings.portalUrl().toString());
        values.put(MessageType.CODE, message.code());
        values.put(
                MessageType.VALID_MINUTES,
                Long.toString(Math.max(1, (message.validFor().toSeconds() + 59) / 60)));
        return values;
    }

    private static Map<String, String> values(NotificationIntent intent, InstitutionSettings settings, Locale locale) {
        Map<String, String> values = new HashMap<>();
        values.put(MessageType.INSTITUTION_NAME, settings.name());
        values.put(MessageType.PORTAL_URL, settings.portalUrl().toString());
        if (MessageType.of(intent.type()).allowedVariables().contains(MessageType.STARTS_AT)) {
            String startsAt = intent.attributes().get(NotificationIntent.STARTS_AT);
            if (startsAt == null) {
                throw new IllegalArgumentException(
                        "A " + intent.type() + " intent needs the attribute " + NotificationIntent.STARTS_AT);
            }
            values.put(MessageType.STARTS_AT, formatStart(startsAt, settings, locale));
        }
        return values;
    }

    /**
     * The start in the institution's zone, followed by the zone's short name ({@code CEST}, {@code CET}) or, where
     * that name is the same on both sides of a clock change, the offset ({@code GMT+2}): on the night clocks fall back
     * the hour from 02:00 to 03:00 happens twice, and the label tells the two apart.
     */
    static String formatStart(String iso, InstitutionSettings settings, Locale locale) {
        ZonedDateTime at;
        try {
            at = Instant.parse(iso).atZone(settings.zone());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "The attribute " + NotificationIntent.STARTS_AT + " is not an ISO-8601 instant", e);
        }
        String text = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                        .withLocale(locale)
                        .format(at)
                + " " + zoneLabel(at, locale);
        // CLDR puts no-break spaces into some patterns; a plain space keeps an SMS in GSM-7.
        return text.replace('\u202F', ' ').replace('\u00A0', ' ');
    }

    private static String zoneLabel(ZonedDateTime at, Locale locale) {
        if (at.getZone() instanceof ZoneOffset) {
            return DateTimeFormatter.ofPattern("O", locale).format(at); // "GMT+1", not the bare "+01:00" or "Z"
        }
        DateTimeFormatter shortName = DateTimeFormatter.ofPattern("zzz", locale);
        String name = shortName.format(at);
        ZoneRules rules = at.getZone().getRules();
        ZoneOffsetTransition change = rules.previousTransition(at.toInstant());
        if (change == null) {
            change = rules.nextTransition(at.toInstant());
        }
        if (change != null) {
            // the other side of the nearest change: at the same wall-clock time with the other offset
            ZoneOffsetTransition t = change;
            Instant otherSide =
                    at.getOffset().equals(t.getOffsetAfter()) ? t.getInstant().minusSeconds(1) : t.getInstant();
            if (shortName.format(otherSide.atZone(at.getZone())).equals(name)) {
                return DateTimeFormatter.ofPattern("O", locale).format(at);
            }
        }
        return name;
    }
}
