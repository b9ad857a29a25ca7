package dev.patientportal.notify.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed template: literal text and {@code {{variable}}} placeholders. Parsing reports malformed placeholders
 * instead of leaving them in the output.
 */
public final class TemplateText {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z][A-Za-z0-9]*)\\s*}}");

    private final List<String> literals;
    private final List<String> variables;

    private TemplateText(List<String> literals, List<String> variables) {
        this.literals = literals;
        this.variables = variables;
    }

    /**
     * Parses a template.
     *
     * @param source the template
     * @param problems where malformed placeholders are reported
     * @return the template
     */
    public static TemplateText parse(String source, List<String> problems) {
        List<String> literals = new ArrayList<>();
        List<String> variables = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(source);
        int at = 0;
        while (m.find()) {
            literals.add(source.substring(at, m.start()));
            variables.add(m.group(1));
            at = m.end();
        }
        literals.add(source.substring(at));
        for (String literal : literals) {
            if (literal.contains("{{") || literal.contains("}}")) {
                problems.add("has a malformed placeholder (use {{name}} with letters and digits only)");
                break;
            }
        }
        return new TemplateText(List.copyOf(literals), List.copyOf(variables));
    }

    /**
     * Returns the variables the template uses.
     *
     * @return the names, in order of first use
     */
    public Set<String> variables() {
        return new LinkedHashSet<>(variables);
    }

    /**
     * Renders the template.
     *
     * @param values the variables' values
     * @param html whether to HTML-escape the values
     * @return the text
     * @throws IllegalArgumentException when a used variable has no value
     */
    public String render(Map<String, String> values, boolean html) {
        StringBuilder out = new StringBuilder(literals.get(0));
        for (int i = 0; i < variables.size(); i++) {
            String value = values.get(variables.get(i));
            if (value == null) {
                throw new IllegalArgumentException("no value for template variable " + variables.get(i));
            }
            out.append(html ? escapeHtml(value) : value).append(literals.get(i + 1));
        }
        return out.toString();
    }

    static String escapeHtml(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
