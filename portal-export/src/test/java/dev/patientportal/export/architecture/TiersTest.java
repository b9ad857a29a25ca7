package dev.patientportal.export.architecture;

import dev.patientportal.testkit.architecture.PortalArchitecture;
import org.junit.jupiter.api.Test;

/** portal-export's main classes keep the SDK's package tiers: the API names no internal class, nor core's. */
class TiersTest {
    @Test
    void mainClassesKeepTheTiers() {
        PortalArchitecture.tiers().check(PortalArchitecture.mainClassesOf("dev.patientportal.export"));
    }
}
