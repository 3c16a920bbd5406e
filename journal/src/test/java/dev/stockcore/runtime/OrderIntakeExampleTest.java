package dev.stockcore.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compiles {@code examples/OrderIntakeExample.java} against the build's classes and runs it, so the example in
 * the README can never rot.
 */
class OrderIntakeExampleTest
{
    @TempDir
    Path dir;

    @Test
    void shouldCompileAndRunTheOrderIntakeExample() throws Exception
    {
        final Path source = Path.of("..", "examples", "OrderIntakeExample.java").toAbsolutePath().normalize();
        assertTrue(Files.exists(source), source + " exists");
        final Path classes = Files.createDirectories(dir.resolve("classes"));
        final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        final int status = compiler.run(null, diagnostics, diagnostics, "-cp", System.getProperty("java.class.path"),
            "-d", classes.toString(), source.toString());
        assertEquals(0, status, diagnostics.toString(StandardCharsets.UTF_8));

        final PrintStream stdout = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] { classes.toUri().toURL() },
            getClass().getClassLoader()))
        {
            final Method main = loader.loadClass("OrderIntakeExample").getMethod("main", String[].class);
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object)new String[] { dir.resolve("journal").toString() });
        }
        finally
        {
            System.setOut(stdout);
        }
        // 400 orders of 2 units of B or C (from A) and 1 of D; 4 committed and 4 released: 396 stay reserved.
        assertEquals(String.join(System.lineSeparator(),
            "reserved 400 orders, refused 0",
            "A available 208",
            "B available 208",
            "C available 208",
            "D available 104") + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
    }
}
