package dev.patientportal.notify.spi;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.notify.InstitutionSettings;
import java.util.Map;
import java.util.Optional;

/**
 * Where the notifier finds each institution's name, portal link, language, time zone, app and SMS budget. Most hosts
 * pass a fixed map ({@link #of(Map)}); a host with many institutions reads them from its own records.
 *
 * <p><b>Threads and transactions:</b> called on the delivering thread, outside any unit of work; may be called
 * concurrently. Keep it quick (cache if it reads a database).
 */
@FunctionalInterface
public interface Institutions {
    /**
     * Finds an institution's settings.
     *
     * @param institution the institution
     * @return its settings, or empty when the notifier must not notify for it
     */
    Optional<InstitutionSettings> find(InstitutionId institution);

    /**
     * Fixed settings.
     *
     * @param settings the settings per institution
     * @return the lookup
     */
    static Institutions of(Map<InstitutionId, InstitutionSettings> settings) {
        Map<InstitutionId, InstitutionSettings> copy = Map.copyOf(settings);
        return institution -> Optional.ofNullable(copy.get(institution));
    }
}
