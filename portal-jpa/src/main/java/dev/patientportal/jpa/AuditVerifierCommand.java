package dev.patientportal.jpa;

import dev.patientportal.core.AuditCheckpoint;
import dev.patientportal.core.AuditKey;
import dev.patientportal.core.AuditKeyring;
import dev.patientportal.core.AuditVerification;
import dev.patientportal.core.AuditVerifier;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PortalException;
import dev.patientportal.jpa.internal.JdbcAuditReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The operators' audit verifier: walks the audit chains in a portal database over plain JDBC (no JPA provider, only the
 * database's driver on the class path) and prints, per institution, whether the chain is intact or where it first
 * breaks. The same check is available in code as {@link AuditVerifier} on {@code JpaStores.auditTrail()}.
 *
 * <pre>
 * PORTAL_AUDIT_KEYS='audit-2026=BASE64...,audit-2025=BASE64...' PORTAL_AUDIT_DB_PASSWORD=... \
 * java -cp portal-jpa.jar:portal-core.jar:jspecify.jar:slf4j-api.jar:postgresql.jar \
 *     dev.patientportal.jpa.AuditVerifierCommand --url jdbc:postgresql://db/portal --user auditor \
 *     [--institution clinic-1] [--from checkpoint.json] [--to checkpoint.json]
 * </pre>
 *
 * <p>Keys and the password come from the environment, never from the command line (which other users of the machine
 * can read). Every key whose id occurs in the range must be given. {@code --from} and {@code --to} name files holding
 * one checkpoint's JSON ({@link AuditCheckpoint#toJson()}), as anchored outside the database. Exit status: 0 when
 * every chain walked is intact, 1 when one is broken, 2 on a usage or connection error.
 */
public final class AuditVerifierCommand {
    /** The environment variable with the audit keys: {@code id=base64} pairs separated by commas. */
    public static final String KEYS_VARIABLE = "PORTAL_AUDIT_KEYS";
    /** The environment variable with the database password, if any. */
    public static final String PASSWORD_VARIABLE = "PORTAL_AUDIT_DB_PASSWORD";

    private AuditVerifierCommand() {}

    /**
     * Runs the verifier and exits with its status.
     *
     * @param args the options, see the class documentation
     */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.exit(run(args, System.getenv(), out));
    }

    /**
     * Runs the verifier.
     *
     * @param args the options, see the class documentation
     * @param env the environment to take keys and password from
     * @param out where the report goes
     * @return the exit status: 0 intact, 1 broken, 2 usage or connection error
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!List.of("--url", "--user", "--institution", "--from", "--to").contains(a) || i + 1 >= args.length) {
                return usage(out, "unknown option or missing value: " + a);
            }
            options.put(a, args[++i]);
        }
        String url = options.get("--url");
        if (url == null) {
            return usage(out, "--url is required");
        }
        AuditKeyring keys;
        AuditCheckpoint from;
        AuditCheckpoint to;
        try {
            keys = keys(env.get(KEYS_VARIABLE));
            from = checkpoint(options.get("--from"));
            to = checkpoint(options.get("--to"));
        } catch (IllegalArgumentException | IOException e) {
            return usage(out, e.getMessage());
        }
        String user = options.get("--user");
        String password = env.getOrDefault(PASSWORD_VARIABLE, "");
        JdbcAuditReader reader = new JdbcAuditReader(() ->
                user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password));
        AuditVerifier verifier = AuditVerifier.of(reader, keys);
        int status = 0;
        try {
            List<InstitutionId> institutions = new ArrayList<>();
            String only = options.get("--institution");
            if (only != null) {
                institutions.add(InstitutionId.of(only));
            } else if (from != null) {
                institutions.add(from.institution());
            } else {
                institutions.addAll(reader.institutions());
            }
            for (InstitutionId institution : institutions) {
                AuditVerification v = verifier.verify(institution, from, to);
                out.println(describe(v));
                if (!v.isIntact()) {
                    status = 1;
                }
            }
        } catch (PortalException | IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            return 2;
        }
        return status;
    }

    private static String describe(AuditVerification v) {
        StringBuilder sb = new StringBuilder(v.institution().value()).append(": ");
        AuditVerification.Break b = v.firstBreak();
        if (b == null) {
            sb.append("intact, ").append(v.verified()).append(" events verified");
            if (v.verified() > 0) {
                sb.append(" (")
                        .append(v.firstSequence())
                        .append(" to ")
                        .append(v.lastSequence())
                        .append(')');
            }
        } else {
            sb.append("BROKEN at ")
                    .append(b.sequence())
                    .append(": ")
                    .append(b.kind())
                    .append(" - ")
                    .append(b.detail())
                    .append("; ")
                    .append(v.verified())
                    .append(" events verified before");
        }
        if (v.unchained() > 0) {
            sb.append(", ").append(v.unchained()).append(" unchained events before the chain began");
        }
        if (v.startedFrom() != null) {
            sb.append(", from the checkpoint at ").append(v.startedFrom().sequence());
        }
        return sb.toString();
    }

    private static AuditKeyring keys(@Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(KEYS_VARIABLE + " must hold the audit keys as id=base64,...");
        }
        List<AuditKey> keys = new ArrayList<>();
        for (String pair : value.split(",", -1)) {
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException(KEYS_VARIABLE + " must hold the audit keys as id=base64,...");
            }
            keys.add(AuditKey.fromBase64(pair.substring(0, eq).strip(), pair.substring(eq + 1)));
        }
        return AuditKeyring.of(keys.get(0), keys.subList(1, keys.size()).toArray(new AuditKey[0]));
    }

    private static @Nullable AuditCheckpoint checkpoint(@Nullable String file) throws IOException {
        return file == null ? null : AuditCheckpoint.fromJson(Files.readString(Path.of(file)));
    }

    private static int usage(PrintStream out, @Nullable String problem) {
        out.println("error: " + problem);
        out.println("usage: AuditVerifierCommand --url JDBC_URL [--user USER] [--institution ID] [--from FILE]"
                + " [--to FILE]   (" + KEYS_VARIABLE + " and " + PASSWORD_VARIABLE + " from the environment)");
        return 2;
    }
}
