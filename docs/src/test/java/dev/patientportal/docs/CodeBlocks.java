package dev.patientportal.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code ```java} blocks of a Markdown page, and each of them as a Java compilation unit.
 *
 * <p>Conventions for the docs (the blocks stay readable, and still compile as a reader would paste them):
 * <ul>
 *   <li>A block is statements (wrapped into a method), member declarations (a method, for example a Spring
 *       {@code @Bean}), or whole types; {@link Kind#of} tells them apart by the first line of code. Leading
 *       {@code import} lines are kept as imports; a leading {@code package} line gives way to the generated one.
 *   <li>Every API and SPI package of the SDK, {@code jakarta.persistence}, {@code javax.sql} and the usual
 *       {@code java.*} packages are imported (see {@link #STANDARD_IMPORTS}).
 *   <li>What a block uses without defining (the host's own objects: {@code hostPatients}, {@code staff}, a request)
 *       is declared in a hidden prelude, an HTML comment right above the block:
 *       {@code <!-- prelude: PatientDirectory hostPatients; Staff staff; -->} (words between {@code prelude} and the
 *       colon are a caption). Its {@code import} lines become
 *       imports, everything else members of the generated class, so fields stand for "given" values. What a reader
 *       has to build (settings, keys, credentials) belongs in the block itself.
 *   <li>{@code <!-- not-compiled: reason -->} right above a block leaves it out; the build counts and lists those.
 * </ul>
 */
final class CodeBlocks {
    /** On-demand imports of every generated unit besides the SDK's own packages. */
    static final List<String> STANDARD_IMPORTS = List.of(
            "java.io",
            "java.math",
            "java.net",
            "java.nio.charset",
            "java.nio.file",
            "java.time",
            "java.util",
            "java.util.concurrent",
            "java.util.function",
            "java.util.stream",
            "javax.sql",
            "jakarta.persistence");

    private static final Pattern FENCE = Pattern.compile("^(`{3,})\\s*(\\S*).*$");
    private static final Pattern MARKER = Pattern.compile("(?s)<!--\\s*(prelude|not-compiled)\\b[^:\n]*:(.*?)-->");
    private static final Pattern TYPE_START = Pattern.compile("^((public|protected|private|abstract|final|static"
            + "|sealed|non-sealed|strictfp)\\s+)*(class|interface|enum|record|@interface)\\s.*");
    private static final Pattern METHOD_START = Pattern.compile(
            "^((public|protected|private|abstract|final|static"
                    + "|synchronized|default)\\s+)*(<[^>]*>\\s+)?[A-Za-z_][\\w.]*(<[^=;(]*>)?(\\[])*\\s+[A-Za-z_]\\w*\\s*\\(.*");
    private static final Set<String> NOT_A_TYPE = Set.of("return", "new", "throw", "else", "case", "yield", "assert");

    private CodeBlocks() {}

    /** What a block declares, which decides where it goes in the generated class. */
    enum Kind {
        /** Statements: the body of a method. */
        STATEMENTS,
        /** Methods or fields: members of the generated class. */
        MEMBERS,
        /** Classes, interfaces, records or enums: member types of the generated class. */
        TYPES;

        /** Tells by the first line of code, after imports, comments and annotations. */
        static Kind of(List<String> code) {
            for (String raw : code) {
                String line = raw.strip();
                if (line.isEmpty()
                        || line.startsWith("//")
                        || line.startsWith("import ")
                        || line.startsWith("@")
                        || line.startsWith("package ")
                        || line.startsWith("/*")
                        || line.startsWith("*")) {
                    continue;
                }
                if (TYPE_START.matcher(line).matches()) {
                    return TYPES;
                }
                if (METHOD_START.matcher(line).matches()
                        && !NOT_A_TYPE.contains(line.substring(0, line.indexOf(' ')))) {
                    return MEMBERS;
                }
                return STATEMENTS;
            }
            return STATEMENTS;
        }
    }

    /**
     * One {@code ```java} block.
     *
     * @param page the page, as the report names it ({@code docs/jpa.md})
     * @param line the 1-based line of the block's first line of code
     * @param code the lines between the fences
     * @param prelude the hidden prelude's lines, empty without one
     * @param preludeLine the 1-based line where the prelude starts, 0 without one
     * @param notCompiled the reason given by a {@code not-compiled} marker, or null
     */
    record Block(
            String page,
            int line,
            List<String> code,
            List<String> prelude,
            int preludeLine,
            @Nullable String notCompiled) {
        /** A Java class name that says where the block comes from: {@code docs/jpa.md} line 36 is {@code Jpa_36}. */
        String className() {
            String file = page.substring(page.lastIndexOf('/') + 1).replaceFirst("\\.md$", "");
            StringBuilder name = new StringBuilder();
            for (String part : file.split("[^A-Za-z0-9]+")) {
                if (!part.isEmpty()) {
                    name.append(part.substring(0, 1).toUpperCase(Locale.ROOT))
                            .append(part.substring(1).toLowerCase(Locale.ROOT));
                }
            }
            return (page.startsWith("docs/") ? "Docs" : "") + name + "_" + line;
        }
    }

    /** A generated compilation unit, and for each of its lines the line of the page it came from (0: generated). */
    record Unit(Block block, String packageName, String className, String source, int[] pageLines) {
        /** The page line of a 1-based line of the unit, or 0 when the unit's boilerplate is at fault. */
        int pageLine(long unitLine) {
            return unitLine >= 1 && unitLine <= pageLines.length ? pageLines[(int) unitLine - 1] : 0;
        }
    }

    /** Finds the {@code ```java} blocks of a page and the markers right above each. */
    static List<Block> extract(String page, String markdown) {
        List<String> lines = markdown.lines().toList();
        List<Block> blocks = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            Matcher fence = FENCE.matcher(lines.get(i));
            if (!fence.matches()) {
                i++;
                continue;
            }
            String ticks = fence.group(1);
            int open = i;
            int close = open + 1;
            while (close < lines.size() && !lines.get(close).strip().equals(ticks)) {
                close++;
            }
            if (fence.group(2).equalsIgnoreCase("java")) {
                blocks.add(block(page, lines, open, close));
            }
            i = close + 1;
        }
        return blocks;
    }

    private static Block block(String page, List<String> lines, int open, int close) {
        List<String> code = List.copyOf(lines.subList(open + 1, Math.min(close, lines.size())));
        // The markers: HTML comments that end right above the fence (blank lines between are fine).
        int end = open - 1;
        while (end >= 0 && lines.get(end).isBlank()) {
            end--;
        }
        List<String> prelude = List.of();
        int preludeLine = 0;
        String notCompiled = null;
        while (end >= 0 && lines.get(end).strip().endsWith("-->")) {
            int start = end;
            while (start > 0 && !lines.get(start).contains("<!--")) {
                start--;
            }
            String comment = String.join("\n", lines.subList(start, end + 1));
            Matcher marker = MARKER.matcher(comment);
            if (marker.find()) {
                if (marker.group(1).equals("prelude")) {
                    prelude = marker.group(2).strip().lines().toList();
                    preludeLine = start + 1;
                } else {
                    notCompiled = marker.group(2).strip();
                }
            }
            end = start - 1;
            while (end >= 0 && lines.get(end).isBlank()) {
                end--;
            }
        }
        return new Block(page, open + 2, code, prelude, preludeLine, notCompiled);
    }

    /**
     * Turns a block into a compilation unit of the given package.
     *
     * @param sdkPackages the API and SPI packages of the SDK, imported on demand
     */
    static Unit unit(Block block, String packageName, List<String> sdkPackages) {
        List<String> source = new ArrayList<>();
        List<Integer> pageLines = new ArrayList<>();
        Emitter out = (text, pageLine) -> {
            source.add(text);
            pageLines.add(pageLine);
        };
        out.emit("package " + packageName + ";", 0);
        for (String imported : sdkPackages) {
            out.emit("import " + imported + ".*;", 0);
        }
        for (String imported : STANDARD_IMPORTS) {
            out.emit("import " + imported + ".*;", 0);
        }
        List<String> preludeMembers = new ArrayList<>();
        List<Integer> preludeMemberLines = new ArrayList<>();
        for (int i = 0; i < block.prelude().size(); i++) {
            String line = block.prelude().get(i);
            if (line.strip().startsWith("import ")) {
                out.emit(line.strip(), block.preludeLine() + i);
            } else {
                preludeMembers.add(line);
                preludeMemberLines.add(block.preludeLine() + i);
            }
        }
        int firstCode = 0;
        while (firstCode < block.code().size()
                && (block.code().get(firstCode).isBlank()
                        || block.code().get(firstCode).strip().startsWith("import ")
                        || block.code().get(firstCode).strip().startsWith("package "))) {
            // A whole file's package line gives way to the generated unit's package; its imports are kept.
            if (block.code().get(firstCode).strip().startsWith("import ")) {
                out.emit(block.code().get(firstCode).strip(), block.line() + firstCode);
            }
            firstCode++;
        }
        out.emit("", 0);
        out.emit("/** " + block.page() + ", the block at line " + block.line() + ". */", 0);
        out.emit("class " + block.className() + " {", 0);
        for (int i = 0; i < preludeMembers.size(); i++) {
            out.emit("    " + preludeMembers.get(i), preludeMemberLines.get(i));
        }
        List<String> code = block.code().subList(firstCode, block.code().size());
        Kind kind = Kind.of(code);
        if (kind == Kind.STATEMENTS) {
            out.emit("    void snippet() throws Exception {", 0);
        }
        String indent = kind == Kind.STATEMENTS ? "        " : "    ";
        for (int i = 0; i < code.size(); i++) {
            out.emit(indent + code.get(i), block.line() + firstCode + i);
        }
        if (kind == Kind.STATEMENTS) {
            out.emit("    }", 0);
        }
        out.emit("}", 0);
        return new Unit(
                block,
                packageName,
                block.className(),
                String.join("\n", source) + "\n",
                pageLines.stream().mapToInt(Integer::intValue).toArray());
    }

    @FunctionalInterface
    private interface Emitter {
        void emit(String text, int pageLine);
    }
}
