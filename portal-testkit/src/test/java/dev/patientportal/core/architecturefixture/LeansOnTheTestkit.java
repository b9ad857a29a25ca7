package dev.patientportal.core.architecturefixture;

import dev.patientportal.testkit.MutableClock;

/** A deliberately bad class in portal-core's packages: it depends on another module of ours. */
public final class LeansOnTheTestkit {
    private LeansOnTheTestkit() {}

    /** Names a testkit type, which core must never do. */
    public static Class<?> clock() {
        return MutableClock.class;
    }
}
