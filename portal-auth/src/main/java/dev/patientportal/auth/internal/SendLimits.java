package dev.patientportal.auth.internal;

import dev.patientportal.auth.AuthSettings;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.spi.RateLimitStore;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.AuthenticationException.Reason;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PseudonymKey;
import dev.patientportal.core.RequestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The send limits of login, the brake on SMS pumping: fixed clock-hour and UTC-day windows per client address, per
 * destination and per institution, counted the same for real and decoy challenges. Buckets are named by pseudonyms
 * under the pseudonym key, never the code keys, so a rotation of the code keys keeps every count.
 */
final class SendLimits {
    /** The purpose of every send-limit pseudonym: client address, phone and e-mail. */
    static final String PURPOSE = "send-limit";

    private final RateLimitStore store;
    private final PseudonymKey pseudonyms;
    private final AuthSettings settings;
    private final Steps steps;

    SendLimits(RateLimitStore store, PseudonymKey pseudonyms, AuthSettings settings, Steps steps) {
        this.store = store;
        this.pseudonyms = pseudonyms;
        this.settings = settings;
        this.steps = steps;
    }

    /**
     * Counts one send for the client, each destination and the institution; the same for decoys.
     *
     * @param destinations the destinations' pseudonyms, in the order of {@code factors}
     */
    void acquire(
            InstitutionId institution,
            RequestContext context,
            Collection<String> destinations,
            List<Factor> factors,
            Instant now) {
        String client = context.clientAddress();
        if (client != null && !client.isBlank()) {
            acquire(
                    "client:" + pseudonyms.pseudonym(PURPOSE, "client", client.strip()),
                    settings.sendsPerClientAddress(),
                    now);
        }
        List<String> dest = List.copyOf(destinations);
        for (int i = 0; i < dest.size(); i++) {
            AuthSettings.SendLimit limit =
                    factors.get(i) == Factor.SMS ? settings.sendsPerPhone() : settings.sendsPerEmail();
            acquire(factors.get(i) == Factor.SMS ? "phone:" + dest.get(i) : "email:" + dest.get(i), limit, now);
        }
        acquire("institution:" + institution.value(), settings.sendsPerInstitution(), now);
    }

    private void acquire(String key, AuthSettings.SendLimit limit, Instant now) {
        window(key, "h", 3600, limit.perHour(), now);
        window(key, "d", 86_400, limit.perDay(), now);
    }

    private void window(String key, String unit, long seconds, int limit, Instant now) {
        long index = Math.floorDiv(now.getEpochSecond(), seconds);
        Instant end = Instant.ofEpochSecond((index + 1) * seconds);
        long count = steps.call(() -> store.increment(key + ":" + unit + ":" + index, end));
        if (count > limit) {
            throw new AuthenticationException(Reason.RATE_LIMITED, -1, Duration.between(now, end));
        }
    }
}
