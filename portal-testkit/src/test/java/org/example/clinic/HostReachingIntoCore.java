package org.example.clinic;

import dev.patientportal.core.internal.Checks;

/** Host code that touches a module's internals: the rules hold hosts to the same promise as our modules. */
public final class HostReachingIntoCore {
    private HostReachingIntoCore() {}

    /** Borrows core's argument check. */
    public static String check(String value) {
        return Checks.required("value", value);
    }
}
