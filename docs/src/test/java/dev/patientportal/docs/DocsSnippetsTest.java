package dev.patientportal.docs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of {@code README.md} and {@code docs/*.md} compiles against the SDK as a reader would
 * paste it; conventions in {@link CodeBlocks}. The generated sources stay under {@code target/docs-snippets}.
 */
class DocsSnippetsTest {
    private static final String PACKAGE = "dev.patientportal.docs.snippets";

    @Test
    void everyJavaBlockOfTheReadmeAndTheDocsCompiles() throws IOException {
        Path root = Path.of(System.getProperty("portal.docs.root", ".."))
                .toAbsolutePath()
                .normalize();
        Path work = Path.of(System.getProperty("portal.docs.work", "target/docs-snippets"));
        List<CodeBlocks.Block> blocks = new ArrayList<>(blocksOf(root, "README.md"));
        try (Stream<Path> pages = Files.list(root.resolve("docs"))) {
            for (Path page : pages.filter(p -> p.getFileName().toString().endsWith(".md"))
                    .sorted()
                    .toList()) {
                blocks.addAll(blocksOf(root, "docs/" + page.getFileName()));
            }
        }

        SnippetCompiler compiler = SnippetCompiler.forTestClassPath();
        List<String> sdkPackages = compiler.sdkPackages();
        List<CodeBlocks.Unit> units = new ArrayList<>();
        List<String> notCompiled = new ArrayList<>();
        for (CodeBlocks.Block block : blocks) {
            if (block.notCompiled() != null) {
                notCompiled.add(block.page() + ":" + block.line() + " (" + block.notCompiled() + ")");
            } else {
                units.add(CodeBlocks.unit(block, PACKAGE, sdkPackages));
            }
        }
        List<String> problems = compiler.compile(units, work);

        System.out.printf(
                "Docs: %d Java blocks, %d compiled, %d not compiled%s%n",
                blocks.size(),
                units.size(),
                notCompiled.size(),
                notCompiled.isEmpty() ? "" : ": " + String.join(", ", notCompiled));
        assertThat(sdkPackages).as("the SDK's packages on the class path").contains("dev.patientportal.core");
        assertThat(units).as("compiled blocks").isNotEmpty();
        if (!problems.isEmpty()) {
            fail(
                    "%d problems in the docs' Java blocks (generated sources under %s):%n%s",
                    problems.size(), work, String.join(System.lineSeparator(), problems));
        }
    }

    private static List<CodeBlocks.Block> blocksOf(Path root, String page) throws IOException {
        return CodeBlocks.extract(page, Files.readString(root.resolve(page), UTF_8));
    }
}
