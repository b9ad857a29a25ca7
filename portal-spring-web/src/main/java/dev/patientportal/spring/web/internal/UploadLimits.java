package dev.patientportal.spring.web.internal;

import java.util.Optional;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Compares Boot's multipart limits with the document policy's size limit: an upload between the two would be refused
 * by Boot (413) although the portal accepts it, which surprises a clinic whose staff upload scans of a few MB.
 */
public final class UploadLimits {
    /** Boot's default {@code spring.servlet.multipart.max-file-size}. */
    static final DataSize BOOT_FILE_DEFAULT = DataSize.ofMegabytes(1);
    /** Boot's default {@code spring.servlet.multipart.max-request-size}. */
    static final DataSize BOOT_REQUEST_DEFAULT = DataSize.ofMegabytes(10);

    private UploadLimits() {}

    /**
     * What to tell the host when Boot's limits are below the policy's.
     *
     * @param env the host's environment
     * @param policyMaxBytes the document policy's size limit
     * @return the warning, or empty when the limits fit
     */
    public static Optional<String> check(Environment env, long policyMaxBytes) {
        if (!env.getProperty("spring.servlet.multipart.enabled", Boolean.class, true)) {
            return Optional.of("spring.servlet.multipart.enabled=false: staff uploads (portal.web.staff) cannot work");
        }
        long file = limit(env, "spring.servlet.multipart.max-file-size", BOOT_FILE_DEFAULT);
        long request = limit(env, "spring.servlet.multipart.max-request-size", BOOT_REQUEST_DEFAULT);
        long smallest = Math.min(file < 0 ? Long.MAX_VALUE : file, request < 0 ? Long.MAX_VALUE : request);
        if (smallest < policyMaxBytes) {
            return Optional.of("spring.servlet.multipart.max-file-size / max-request-size (" + smallest
                    + " bytes) are below the document policy's limit (" + policyMaxBytes + " bytes): uploads between"
                    + " the two are refused with 413; set both to at least the policy's limit");
        }
        return Optional.empty();
    }

    private static long limit(Environment env, String property, DataSize fallback) {
        String value = env.getProperty(property);
        return value == null
                ? fallback.toBytes()
                : DataSize.parse(value.strip()).toBytes();
    }
}
