package dev.patientportal.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.PatientProfile;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Scans every meter id of a registry (name, tag keys and values, description) for the patients' personal data. */
final class Phi {
    private Phi() {}

    /** What identifies a patient, in the forms a tag could carry it. */
    static List<String> of(PatientProfile p) {
        List<String> phi = new ArrayList<>();
        phi.add(p.patient().value());
        phi.add(p.givenName());
        phi.add(p.familyName());
        if (p.email() != null) {
            phi.add(p.email().value());
        }
        if (p.phone() != null) {
            String e164 = p.phone().e164();
            phi.add(e164);
            phi.add(e164.substring(1)); // without the plus
            phi.add(e164.substring(e164.length() - 9)); // the national number
        }
        if (p.taj() != null) {
            phi.add(p.taj().digits());
        }
        return phi;
    }

    /** Asserts that no meter of the registry names any of the patients' data; returns how many meters it read. */
    static int assertNone(MeterRegistry registry, List<PatientProfile> patients) {
        List<String> phi = new ArrayList<>();
        patients.forEach(p -> phi.addAll(of(p)));
        List<Meter> meters = registry.getMeters();
        assertThat(meters).isNotEmpty();
        for (Meter m : meters) {
            Meter.Id id = m.getId();
            List<String> texts = new ArrayList<>();
            texts.add(id.getName());
            if (id.getDescription() != null) {
                texts.add(id.getDescription());
            }
            for (Tag t : id.getTags()) {
                texts.add(t.getKey());
                texts.add(t.getValue());
            }
            for (String text : texts) {
                String lower = text.toLowerCase(Locale.ROOT);
                for (String p : phi) {
                    assertThat(lower).as("meter %s", id).doesNotContain(p.toLowerCase(Locale.ROOT));
                }
            }
            for (Tag t : id.getTags()) {
                assertThat(t.getKey()).as("tag keys of %s", id).isIn("institution", "channel", "outcome", "reason");
            }
        }
        return meters.size();
    }
}
