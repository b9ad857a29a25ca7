package dev.patientportal.examples.tour;

import dev.patientportal.testkit.architecture.PortalArchitecture;
import org.junit.jupiter.api.Test;

/**
 * The tour is held to the same package tiers as a host: it touches no module's {@code .internal} packages. Each module
 * checks its own classes in its own build ({@code architecture.TiersTest}).
 */
class ModuleBoundariesTest {
    @Test
    void theTourKeepsTheTiers() {
        PortalArchitecture.tiers().check(PortalArchitecture.mainClassesOf("dev.patientportal.examples"));
    }
}
