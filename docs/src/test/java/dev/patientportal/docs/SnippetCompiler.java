package dev.patientportal.docs;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles generated units with the JDK's compiler against the test class path, and reports in page lines. */
final class SnippetCompiler {
    private static final Pattern SDK_CLASS = Pattern.compile("dev/patientportal/(.+)/[^/]+\\.class");

    private final List<String> classPath;

    SnippetCompiler(List<String> classPath) {
        this.classPath = List.copyOf(classPath);
    }

    /** The class path of the running tests: surefire names it, a plain JVM has it in {@code java.class.path}. */
    static SnippetCompiler forTestClassPath() {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new SnippetCompiler(List.of(path.split(Pattern.quote(File.pathSeparator))));
    }

    /**
     * The SDK's packages on the class path that a block may use: every {@code dev.patientportal} package except
     * {@code internal} ones and this module's own.
     */
    List<String> sdkPackages() {
        TreeSet<String> packages = new TreeSet<>();
        for (String entry : classPath) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.walk(path)) {
                    files.map(f -> path.relativize(f).toString().replace(File.separatorChar, '/'))
                            .forEach(name -> addPackage(packages, name));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
                try (ZipFile jar = new ZipFile(path.toFile())) {
                    jar.stream().forEach(e -> addPackage(packages, e.getName()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return List.copyOf(packages);
    }

    private static void addPackage(TreeSet<String> packages, String name) {
        Matcher m = SDK_CLASS.matcher(name);
        if (m.matches()) {
            String pkg = "dev.patientportal." + m.group(1).replace('/', '.');
            if (!(pkg + ".").contains(".internal.") && !pkg.startsWith("dev.patientportal.docs")) {
                packages.add(pkg);
            }
        }
    }

    /**
     * Writes the units under {@code work/src}, compiles them into {@code work/classes}, and returns every error and
     * warning, each naming the page and line it comes from. Warnings count: the docs show no deprecated API.
     */
    List<String> compile(List<CodeBlocks.Unit> units, Path work) throws IOException {
        Path sources = work.resolve("src");
        Path classes = work.resolve("classes");
        deleteTree(sources);
        deleteTree(classes);
        Files.createDirectories(classes);
        Map<Path, CodeBlocks.Unit> byFile = new HashMap<>();
        for (CodeBlocks.Unit unit : units) {
            Path file = sources.resolve(unit.packageName().replace('.', '/')).resolve(unit.className() + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, unit.source(), UTF_8);
            byFile.put(file.toAbsolutePath().normalize(), unit);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, UTF_8)) {
            List<String> options = List.of(
                    "--release",
                    "17",
                    "-proc:none",
                    "-implicit:none",
                    "-encoding",
                    "UTF-8",
                    "-Xlint:all,-processing,-path,-classfile",
                    "-Werror",
                    "-Xmaxerrs",
                    "1000",
                    "-d",
                    classes.toString(),
                    "-classpath",
                    String.join(File.pathSeparator, classPath));
            javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(byFile.keySet()))
                    .call();
        }
        List<String> problems = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.NOTE) {
                continue;
            }
            CodeBlocks.Unit unit = d.getSource() == null
                    ? null
                    : byFile.get(Path.of(d.getSource().toUri()).toAbsolutePath().normalize());
            String kind = d.getKind().name().toLowerCase(Locale.ROOT);
            if (unit == null) {
                problems.add(kind + ": " + d.getMessage(Locale.ROOT));
                continue;
            }
            int pageLine = unit.pageLine(d.getLineNumber());
            String where = pageLine == 0
                    ? unit.block().page() + " (code generated around the block at line "
                            + unit.block().line() + ")"
                    : unit.block().page() + ":" + pageLine;
            problems.add(where + ": " + kind + ": " + d.getMessage(Locale.ROOT));
        }
        return problems;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
