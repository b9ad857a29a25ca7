package dev.patientportal.auth;

import dev.patientportal.core.CodeMessage;

/** One thing a patient proves during login by typing the one-time code that was sent to it. */
public enum Factor {
    /** A code sent to the e-mail address of an e-mail + phone grant. */
    EMAIL,
    /** A code sent by SMS to the phone number of the grant. */
    SMS;

    /**
     * Returns the channel a code for this factor travels on.
     *
     * @return the {@link CodeMessage} channel
     */
    public CodeMessage.Channel channel() {
        return this == EMAIL ? CodeMessage.Channel.EMAIL : CodeMessage.Channel.SMS;
    }
}
