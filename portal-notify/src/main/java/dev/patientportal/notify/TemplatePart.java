package dev.patientportal.notify;

/** The texts a message consists of, per channel. */
public enum TemplatePart {
    /** E-mail subject. */
    EMAIL_SUBJECT(Channel.EMAIL, "email.subject"),
    /** E-mail plain-text body. */
    EMAIL_TEXT(Channel.EMAIL, "email.text"),
    /** E-mail HTML body; variables are HTML-escaped in it. */
    EMAIL_HTML(Channel.EMAIL, "email.html"),
    /** SMS text. */
    SMS_TEXT(Channel.SMS, "sms.text"),
    /** Push notification title. */
    PUSH_TITLE(Channel.PUSH, "push.title"),
    /** Push notification body. */
    PUSH_BODY(Channel.PUSH, "push.body");

    private final Channel channel;
    private final String key;

    TemplatePart(Channel channel, String key) {
        this.channel = channel;
        this.key = key;
    }

    /**
     * Returns the channel this part belongs to.
     *
     * @return the channel
     */
    public Channel channel() {
        return channel;
    }

    /**
     * Returns the suffix of this part's template keys, such as {@code email.subject}.
     *
     * @return the key
     */
    public String key() {
        return key;
    }
}
