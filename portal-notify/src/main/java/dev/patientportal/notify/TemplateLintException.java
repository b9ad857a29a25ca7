package dev.patientportal.notify;

import java.io.Serial;
import java.util.List;

/**
 * The templates are misconfigured: a template uses a variable its message does not allow, a placeholder is
 * malformed, a key is unknown, or a language lacks a part. Thrown at start-up by {@link Templates.Builder#build()},
 * naming every offending template.
 */
public final class TemplateLintException extends IllegalStateException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The problems; a list of strings, so the exception stays serializable. */
    private final List<String> problems;

    /**
     * Creates the exception.
     *
     * @param problems one line per problem, each naming its template
     */
    public TemplateLintException(List<String> problems) {
        super("Invalid notification templates:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * Returns the problems found.
     *
     * @return one line per problem, each naming its template (locale/message/part)
     */
    public List<String> problems() {
        return problems;
    }
}
