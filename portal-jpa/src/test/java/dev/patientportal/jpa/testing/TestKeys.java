package dev.patientportal.jpa.testing;

import dev.patientportal.core.PseudonymKey;

/** Fixed pseudonym keys, as a cluster's configuration would give every node (not random: nodes must agree). */
public final class TestKeys {
    /** The pseudonym key of every node in the tests. */
    public static final PseudonymKey PSEUDONYMS =
            PseudonymKey.fromBase64("test-pseudonyms", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");

    /** Another key, for tests that compare what two keys make of the same identity. */
    public static final PseudonymKey OTHER =
            PseudonymKey.fromBase64("other-pseudonyms", "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=");

    private TestKeys() {}
}
