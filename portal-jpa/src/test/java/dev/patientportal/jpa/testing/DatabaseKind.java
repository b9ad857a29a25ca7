package dev.patientportal.jpa.testing;

/** The databases the tests run on, and where to find the two servers (the fixed addresses). */
public enum DatabaseKind {
    /** Embedded H2, always available. */
    H2("jdbc:h2:mem:portal_admin", "jdbc:h2:mem:", "sa", ""),
    /** PostgreSQL at 127.0.0.1:5432, database {@code test}, user postgres, trust auth. */
    POSTGRESQL(
            "jdbc:postgresql://127.0.0.1:" + port("postgresql", 5432) + "/test?connectTimeout=3",
            "jdbc:postgresql://127.0.0.1:" + port("postgresql", 5432) + "/test",
            "postgres",
            ""),
    /** MariaDB at 127.0.0.1:3306, user root, empty password. */
    MARIADB(
            "jdbc:mariadb://127.0.0.1:" + port("mariadb", 3306) + "/test?connectTimeout=3000",
            "jdbc:mariadb://127.0.0.1:" + port("mariadb", 3306) + "/",
            "root",
            "");

    private final String adminUrl;
    private final String serverUrl;
    private final String user;
    private final String password;

    DatabaseKind(String adminUrl, String serverUrl, String user, String password) {
        this.adminUrl = adminUrl;
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
    }

    /** The port, overridable with {@code -Dportal.test.<name>.port=...} (to try the fallback against a dead port). */
    private static int port(String name, int standard) {
        return Integer.getInteger("portal.test." + name + ".port", standard);
    }

    String adminUrl() {
        return adminUrl;
    }

    String serverUrl() {
        return serverUrl;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    /**
     * A readable name for test names and log lines.
     *
     * @return for example {@code "PostgreSQL"}
     */
    public String label() {
        return switch (this) {
            case H2 -> "H2";
            case POSTGRESQL -> "PostgreSQL";
            case MARIADB -> "MariaDB";
        };
    }
}
