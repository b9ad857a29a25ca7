package dev.patientportal.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Says a configured period in words for messages: "30 minutes", "1 hour 30 minutes", "2 days". */
public final class Durations {
    private Durations() {}

    /**
     * Describes a period in days, hours, minutes and seconds, leaving out the parts that are zero; "0 minutes" for
     * zero. Sub-second parts are dropped, since no notice period is configured that finely.
     *
     * @param period a zero or positive period
     * @return the words
     */
    public static String describe(Duration period) {
        long seconds = period.toSeconds();
        List<String> parts = new ArrayList<>();
        add(parts, seconds / 86_400, "day");
        add(parts, seconds % 86_400 / 3_600, "hour");
        add(parts, seconds % 3_600 / 60, "minute");
        add(parts, seconds % 60, "second");
        return parts.isEmpty() ? "0 minutes" : String.join(" ", parts);
    }

    private static void add(List<String> parts, long amount, String unit) {
        if (amount != 0) {
            parts.add(amount + " " + unit + (amount == 1 ? "" : "s"));
        }
    }
}
