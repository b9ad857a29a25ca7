package dev.patientportal.notify.internal;

import java.util.regex.Pattern;

/** Checks app names of the device registry. */
public final class AppIds {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private AppIds() {}

    /**
     * Checks an app name.
     *
     * @param app the name
     * @return the name
     * @throws IllegalArgumentException when malformed
     */
    public static String check(String app) {
        if (app == null || !SHAPE.matcher(app).matches()) {
            throw new IllegalArgumentException("an app is 1 to 128 letters, digits or . _ : -");
        }
        return app;
    }
}
