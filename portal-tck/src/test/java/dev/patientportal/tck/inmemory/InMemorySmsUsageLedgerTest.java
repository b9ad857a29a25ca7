package dev.patientportal.tck.inmemory;

import dev.patientportal.notify.spi.SmsUsageLedger;
import dev.patientportal.tck.SmsUsageLedgerContract;
import org.junit.jupiter.api.DisplayName;

/** portal-notify's in-memory default, reached through its public factory, passes the contract. */
@DisplayName("SmsUsageLedger.inMemory() passes the SmsUsageLedger contract")
class InMemorySmsUsageLedgerTest extends SmsUsageLedgerContract {
    @Override
    protected SmsUsageLedger subject() {
        return SmsUsageLedger.inMemory();
    }
}
