package dev.patientportal.micrometer.architecture;

import dev.patientportal.testkit.architecture.PortalArchitecture;
import org.junit.jupiter.api.Test;

/** portal-micrometer's main classes keep the SDK's package tiers: the API names no internal class of another module. */
class TiersTest {
    @Test
    void mainClassesKeepTheTiers() {
        PortalArchitecture.tiers().check(PortalArchitecture.mainClassesOf("dev.patientportal.micrometer"));
    }
}
