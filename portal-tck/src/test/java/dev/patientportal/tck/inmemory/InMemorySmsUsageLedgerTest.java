package dev.patientportal.notify;

import dev.patientportal.notify.contract.SmsUsageLedgerContract;
import dev.patientportal.notify.spi.SmsUsageLedger;

class InMemorySmsUsageLedgerTest extends SmsUsageLedgerContract {
    @Override
    protected SmsUsageLedger createLedger() {
        return SmsUsageLedger.inMemory();
    }
}
