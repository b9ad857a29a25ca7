package dev.patientportal.notify.spi;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory {@link DeviceRegistry} behind {@link DeviceRegistry#inMemory()}: one map from (institution, app, token)
 * to the patient holding it.
 */
final class InMemoryDeviceRegistry implements DeviceRegistry {
    private record Key(InstitutionId institution, String app, PushToken token) {}

    private final Map<Key, PatientId> holders = new ConcurrentHashMap<>();

    @Override
    public void register(InstitutionId institution, PatientId patient, String app, PushToken token) {
        Objects.requireNonNull(patient, "patient");
        holders.put(key(institution, app, token), patient);
    }

    @Override
    public boolean remove(InstitutionId institution, PatientId patient, String app, PushToken token) {
        Objects.requireNonNull(patient, "patient");
        return holders.remove(key(institution, app, token), patient);
    }

    @Override
    public boolean removeToken(InstitutionId institution, String app, PushToken token) {
        return holders.remove(key(institution, app, token)) != null;
    }

    @Override
    public List<PushToken> tokens(InstitutionId institution, PatientId patient, String app) {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(patient, "patient");
        DeviceRegistry.requireValidApp(app);
        return holders.entrySet().stream()
                .filter(e -> e.getKey().institution().equals(institution)
                        && e.getKey().app().equals(app)
                        && e.getValue().equals(patient))
                .map(e -> e.getKey().token())
                .toList();
    }

    private static Key key(InstitutionId institution, String app, PushToken token) {
        return new Key(
                Objects.requireNonNull(institution, "institution"),
                DeviceRegistry.requireValidApp(app),
                Objects.requireNonNull(token, "token"));
    }
}
