package dev.stockcore.docs;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code ```java} block of {@code README.md} and {@code docs/*.md} is a complete program, compiled and run
 * here, so that no example in a document can drift from the code. Each block must be followed, with only prose in
 * between, by a {@code ```text} block: what the program prints, compared line for line. The program gets a fresh
 * journal directory as {@code args[0]}. Fragments are refused: a reader should be able to paste any example and
 * run it.
 */
class DocExamplesTest
{
    private static final Pattern PUBLIC_CLASS = Pattern.compile("(?m)^public\\s+(?:final\\s+)?class\\s+(\\w+)");

    @TempDir
    Path dir;

    static List<FencedBlock> javaExamples()
    {
        final List<FencedBlock> examples = new ArrayList<>();
        for (final Path document : FencedBlock.documents())
        {
            for (final FencedBlock block : FencedBlock.parse(document))
            {
                if (block.info().equals("java"))
                {
                    examples.add(block);
                }
            }
        }
        return examples;
    }

    static Stream<Named<FencedBlock>> namedJavaExamples()
    {
        return javaExamples().stream().map(block -> Named.of(block.where(), block));
    }

    @Test
    void shouldFindTheJavaExamplesOfTheReadmeAndTheDocs()
    {
        final List<FencedBlock> examples = javaExamples();
        assertFalse(examples.isEmpty(), "no ```java block in README.md or docs/*.md");
        final Path readme = FencedBlock.ROOT.resolve("README.md");
        assertEquals(1, examples.stream().filter(b -> b.document().equals(readme)).count(),
            "README.md has exactly one ```java block, its embedding example");
        assertTrue(examples.stream().anyMatch(b -> b.document().endsWith(Path.of("docs", "embedding.md"))),
            "docs/embedding.md has its examples");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedJavaExamples")
    void shouldCompileAndRunTheExampleAndPrintWhatTheDocumentShows(final FencedBlock example) throws Exception
    {
        final Matcher publicClass = PUBLIC_CLASS.matcher(example.text());
        assertTrue(publicClass.find(), example.where() + ": a ```java block is a complete source file with a" +
            " public class and a main method, not a fragment");
        assertNotNull(example.next(), example.where() + ": no ```text block with the output after the example");
        assertEquals("text", example.next().info(),
            example.where() + ": the block after the example is its output, fenced as ```text");

        final String className = publicClass.group(1);
        final Path classes = compile(example, className);
        final String output = run(classes, className, Files.createDirectories(dir.resolve("journal")));

        assertEquals(example.next().text(), output.replace(System.lineSeparator(), "\n"),
            example.where() + ": output of " + className + " vs the ```text block at " + example.next().where());
    }

    private Path compile(final FencedBlock example, final String className) throws Exception
    {
        final Path sources = Files.createDirectories(dir.resolve("src"));
        final Path classes = Files.createDirectories(dir.resolve("classes"));
        final Path source = Files.writeString(sources.resolve(className + ".java"), example.text());
        final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        final int status = compiler.run(null, diagnostics, diagnostics, "--release", "17",
            "-cp", System.getProperty("java.class.path"), "-d", classes.toString(), source.toString());
        assertEquals(0, status,
            example.where() + " does not compile:\n" + diagnostics.toString(StandardCharsets.UTF_8));
        return classes;
    }

    private String run(final Path classes, final String className, final Path journal) throws Exception
    {
        final PrintStream stdout = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] { classes.toUri().toURL() },
            getClass().getClassLoader()))
        {
            final Method main = loader.loadClass(className).getMethod("main", String[].class);
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object)new String[] { journal.toString() });
        }
        catch (final InvocationTargetException ex)
        {
            throw new AssertionError(className + " failed: " + ex.getCause(), ex.getCause());
        }
        finally
        {
            System.setOut(stdout);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
