package dev.patientportal.auth;

/**
 * The {@link dev.patientportal.core.AuditEvent#action()} codes of login; stable across releases, so hosts may filter
 * on them. Details of these events hold the factor type, the outcome and counts, never a code, token or identifier.
 */
public final class LoginAuditActions {
    /** A login was started: a challenge (real or decoy) was issued, or the start was refused. */
    public static final String START = "login.start";
    /** A code was submitted for one factor. */
    public static final String VERIFY = "login.verify";
    /** Another code was requested for one factor. */
    public static final String RESEND = "login.resend";
    /** A code could not be handed to the {@link dev.patientportal.core.spi.CodeSender}. */
    public static final String CODE_DELIVERY = "login.code-delivery";
    /** A session was ended by the patient. */
    public static final String LOGOUT = "login.logout";

    private LoginAuditActions() {}
}
