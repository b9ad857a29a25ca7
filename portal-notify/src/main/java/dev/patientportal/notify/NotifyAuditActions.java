package dev.patientportal.notify;

/** The audit action codes {@code portal-notify} records; stable across releases, so hosts may filter on them. */
public final class NotifyAuditActions {
    /** An SMS notification was skipped because the institution's monthly SMS budget is spent. */
    public static final String SMS_BUDGET_EXHAUSTED = "notification.sms.budget-exhausted";

    /**
     * A notification reached a channel ({@code SUCCESS}) or failed on it for good ({@code FAILED}); the details name
     * the notification type, the channel and the number of recipients, never an address or a text.
     */
    public static final String DELIVERED = "notification.delivery";

    private NotifyAuditActions() {}
}
