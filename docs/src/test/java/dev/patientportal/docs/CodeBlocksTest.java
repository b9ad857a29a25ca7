package dev.patientportal.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate itself: which blocks it finds, how it wraps them, and that a broken block fails it at its page line. */
class CodeBlocksTest {
    private static final String PAGE = String.join(
            "\n",
            "# A page", // 1
            "```bash", // 2
            "mvn verify", // 3
            "```", // 4
            "<!-- prelude, the host's: PatientDirectory hostPatients; -->", // 5
            "", // 6
            "```java", // 7
            "Optional<PatientProfile> p = hostPatients.find(InstitutionId.of(\"c\"), PatientId.of(\"p\"));", // 8
            "```", // 9
            "```xml", // 10
            "<dependency/>", // 11
            "```", // 12
            "<!-- not-compiled: pseudo-code -->", // 13
            "```java", // 14
            "portal.magic();", // 15
            "```", // 16
            "```java", // 17
            "import java.time.Clock;", // 18
            "", // 19
            "@Deprecated", // 20
            "Clock clock() {", // 21
            "    return Clock.systemUTC();", // 22
            "}", // 23
            "```", // 24
            "```java", // 25
            "@FunctionalInterface", // 26
            "interface Greeter { String greet(PatientId id); }", // 27
            "```"); // 28

    static SnippetCompiler compiler;
    static List<String> sdkPackages;

    @BeforeAll
    static void classPath() {
        compiler = SnippetCompiler.forTestClassPath();
        sdkPackages = compiler.sdkPackages();
    }

    @Test
    @DisplayName("only java blocks are found, with their first code line and the markers right above them")
    void findsJavaBlocksAndTheirMarkers() {
        List<CodeBlocks.Block> blocks = CodeBlocks.extract("docs/page.md", PAGE);

        assertThat(blocks).extracting(CodeBlocks.Block::line).containsExactly(8, 15, 18, 26);
        assertThat(blocks.get(0).prelude()).containsExactly("PatientDirectory hostPatients;");
        assertThat(blocks.get(0).preludeLine()).isEqualTo(5);
        assertThat(blocks.get(0).notCompiled()).isNull();
        assertThat(blocks.get(1).notCompiled()).isEqualTo("pseudo-code");
        assertThat(blocks.get(2).prelude()).isEmpty();
        assertThat(blocks.get(0).className()).isEqualTo("DocsPage_8");
        assertThat(CodeBlocks.extract("README.md", PAGE).get(0).className()).isEqualTo("Readme_8");
    }

    @Test
    @DisplayName("statements, members and types are told apart by their first line of code")
    void tellsTheKindsApart() {
        assertThat(CodeBlocks.Kind.of(List.of("Staff staff = Staff.of(x);"))).isEqualTo(CodeBlocks.Kind.STATEMENTS);
        assertThat(CodeBlocks.Kind.of(List.of("me.book(slotId, requestId);"))).isEqualTo(CodeBlocks.Kind.STATEMENTS);
        assertThat(CodeBlocks.Kind.of(List.of("return new Foo(x) {"))).isEqualTo(CodeBlocks.Kind.STATEMENTS);
        assertThat(CodeBlocks.Kind.of(List.of("if (ok) {", "}"))).isEqualTo(CodeBlocks.Kind.STATEMENTS);
        assertThat(CodeBlocks.Kind.of(
                        List.of("@Bean(initMethod = \"migrate\")", "Flyway portalFlyway(DataSource d) {")))
                .isEqualTo(CodeBlocks.Kind.MEMBERS);
        assertThat(CodeBlocks.Kind.of(List.of("// a comment", "@Configuration", "class PortalConfig {")))
                .isEqualTo(CodeBlocks.Kind.TYPES);
        assertThat(CodeBlocks.Kind.of(List.of("public final class X {"))).isEqualTo(CodeBlocks.Kind.TYPES);
    }

    @Test
    @DisplayName("blocks that are right compile: statements, a method with its own imports, a type")
    void correctBlocksCompile(@TempDir Path work) throws IOException {
        List<CodeBlocks.Block> blocks = CodeBlocks.extract("docs/page.md", PAGE);
        List<CodeBlocks.Unit> units = List.of(unit(blocks.get(0)), unit(blocks.get(3)));

        assertThat(compiler.compile(units, work)).isEmpty();
    }

    @Test
    @DisplayName("a block that uses what it does not define fails, named by its page and line")
    void anUndefinedVariableFailsAtItsPageLine(@TempDir Path work) throws IOException {
        CodeBlocks.Block block = CodeBlocks.extract("docs/page.md", PAGE).get(1);

        assertThat(compiler.compile(List.of(unit(block)), work))
                .anySatisfy(problem -> assertThat(problem)
                        .startsWith("docs/page.md:15: error:")
                        .contains("portal"));
    }

    @Test
    @DisplayName("a block without its prelude fails, and a warning counts as a failure")
    void missingPreludeAndWarningsFail(@TempDir Path work) throws IOException {
        CodeBlocks.Block first = CodeBlocks.extract("docs/page.md", PAGE).get(0);
        CodeBlocks.Block withoutPrelude =
                new CodeBlocks.Block(first.page(), first.line(), first.code(), List.of(), 0, null);
        CodeBlocks.Block deprecated = new CodeBlocks.Block(
                "docs/page.md", 40, List.of("Integer three = new Integer(3);"), List.of(), 0, null);

        assertThat(compiler.compile(List.of(unit(withoutPrelude), unit(deprecated)), work))
                .anySatisfy(problem ->
                        assertThat(problem).startsWith("docs/page.md:8: error:").contains("hostPatients"))
                .anySatisfy(problem ->
                        assertThat(problem).startsWith("docs/page.md:40:").contains("warning"));
    }

    private static CodeBlocks.Unit unit(CodeBlocks.Block block) {
        return CodeBlocks.unit(block, "dev.patientportal.docs.gatetest", sdkPackages);
    }
}
