package dev.patientportal.jpa.testing;

import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Reads every row of every portal table ({@code portal_*}, Flyway's history included) and tells in which columns given
 * values occur, as text or inside binary columns: how the privacy tests look for identifiers left in clear.
 */
public final class PortalTables {
    private PortalTables() {}

    /**
     * The portal tables of the schema, lower case.
     *
     * @param ds the database
     * @return the table names
     * @throws SQLException when the database fails
     */
    public static List<String> names(DataSource ds) throws SQLException {
        return new ArrayList<>(tables(ds).keySet());
    }

    /** Lower-case name to the name as the database spells it. */
    private static java.util.SortedMap<String, String> tables(DataSource ds) throws SQLException {
        java.util.SortedMap<String, String> names = new java.util.TreeMap<>();
        try (Connection c = ds.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            // Only the test's own schema: other tests' schemas on the same server may be of another version.
            try (ResultSet r = meta.getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
                while (r.next()) {
                    String name = r.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                    String schema = r.getString("TABLE_SCHEM");
                    boolean system = schema != null
                            && (schema.equalsIgnoreCase("information_schema") || schema.equalsIgnoreCase("pg_catalog"));
                    if (name.startsWith("portal_") && !system) {
                        names.put(name, r.getString("TABLE_NAME"));
                    }
                }
            }
        }
        return names;
    }

    /**
     * Every {@code table.column} holding one of the needles, with the number of rows read in total.
     *
     * @param ds the database
     * @param needles the values to look for (compared case-insensitively)
     * @return what was found and how much was read
     * @throws SQLException when the database fails
     */
    public static Scan scan(DataSource ds, Collection<String> needles) throws SQLException {
        TreeSet<String> hits = new TreeSet<>();
        int rows = 0;
        java.util.SortedMap<String, String> spelled = tables(ds);
        List<String> tables = new ArrayList<>(spelled.keySet());
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            String quote = c.getMetaData().getIdentifierQuoteString().strip();
            for (String table : tables) {
                try (ResultSet r = s.executeQuery("SELECT * FROM " + quote + spelled.get(table) + quote)) {
                    ResultSetMetaData meta = r.getMetaData();
                    while (r.next()) {
                        rows++;
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            String text = text(r.getObject(i));
                            if (text == null) {
                                continue;
                            }
                            String lower = text.toLowerCase(Locale.ROOT);
                            for (String needle : needles) {
                                if (lower.contains(needle.toLowerCase(Locale.ROOT))) {
                                    hits.add(table + "." + meta.getColumnName(i).toLowerCase(Locale.ROOT) + " holds "
                                            + needle);
                                }
                            }
                        }
                    }
                }
            }
        }
        return new Scan(tables, rows, List.copyOf(hits));
    }

    /**
     * What {@link #scan} found.
     *
     * @param tables the tables read
     * @param rows the rows read, over all tables
     * @param hits {@code table.column holds value}, one per column and value found
     */
    public record Scan(List<String> tables, int rows, List<String> hits) {}

    private static String text(Object value) throws SQLException {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        if (value instanceof Blob blob) {
            return new String(blob.getBytes(1, (int) blob.length()), StandardCharsets.ISO_8859_1);
        }
        if (value instanceof Clob clob) {
            return clob.getSubString(1, (int) clob.length());
        }
        return value.toString();
    }
}
