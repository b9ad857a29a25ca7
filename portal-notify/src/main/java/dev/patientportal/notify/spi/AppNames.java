package dev.patientportal.notify.spi;

import java.util.regex.Pattern;

/** The app-name rule behind {@link DeviceRegistry#requireValidApp(String)}, compiled once. */
final class AppNames {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private AppNames() {}

    static String check(String app) {
        if (app == null || !SHAPE.matcher(app).matches()) {
            throw new IllegalArgumentException("an app is 1 to 128 letters, digits or . _ : -");
        }
        return app;
    }
}
