package dev.stockcore.engine.script;

import dev.stockcore.engine.MovementHandler;
import dev.stockcore.engine.StockEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Golden scenarios, written by hand from the specification: each {@code NAME.script} (and each
 * {@code examples/NAME.txt}) run on a fresh engine must print exactly {@code NAME.expected}.
 * Also run through the reference model, so a disagreement shows which side misread the spec.
 */
class GoldenScriptTest
{
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final Path EXAMPLES = Path.of("../examples");

    static Stream<Path> scripts() throws IOException
    {
        final List<Path> scripts = new ArrayList<>();
        try (Stream<Path> golden = Files.list(GOLDEN); Stream<Path> examples = Files.list(EXAMPLES))
        {
            golden.filter(p -> p.toString().endsWith(".script")).sorted().forEach(scripts::add);
            examples.filter(p -> p.toString().endsWith(".txt")).sorted().forEach(scripts::add);
        }
        assertFalse(scripts.isEmpty(), "no golden scripts found");
        return scripts.stream();
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void shouldPrintExpectedOutput(final Path script) throws IOException
    {
        final String name = script.getFileName().toString().replaceFirst("\\.(script|txt)$", "");
        final Path expectedFile = script.resolveSibling(name + ".expected");
        final String expected = Files.readString(expectedFile, StandardCharsets.UTF_8);

        final StringBuilder actual = new StringBuilder();
        try (Reader in = Files.newBufferedReader(script, StandardCharsets.ISO_8859_1))
        {
            new ScriptRunner(new StockEngine(MovementHandler.NONE)).run(in, actual);
        }
        assertEquals(numbered(script, expected), numbered(script, actual.toString()), script.toString());

        final StringBuilder modelOutput = new StringBuilder();
        final ReferenceModel model = new ReferenceModel();
        for (final String line : Files.readString(script, StandardCharsets.ISO_8859_1).split("\n", -1))
        {
            final String out = model.apply(line);
            if (out != null)
            {
                modelOutput.append(out).append('\n');
            }
        }
        assertEquals(numbered(script, expected), numbered(script, modelOutput.toString()), "model on " + script);
    }

    /** Pairs each output line with the command line that produced it, so a diff names the command. */
    private static String numbered(final Path script, final String output) throws IOException
    {
        final List<String> commands = new ArrayList<>();
        for (final String line : Files.readString(script, StandardCharsets.ISO_8859_1).split("\n", -1))
        {
            final String trimmed = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (!trimmed.isBlank() && !trimmed.startsWith("#"))
            {
                commands.add(trimmed);
            }
        }
        final String[] outputs = output.isEmpty() ? new String[0] : output.split("\n", -1);
        final StringBuilder b = new StringBuilder();
        final int n = Math.max(commands.size(), outputs.length - (output.endsWith("\n") ? 1 : 0));
        for (int i = 0; i < n; i++)
        {
            b.append(i < commands.size() ? commands.get(i) : "<no command>").append("  ->  ")
                .append(i < outputs.length ? outputs[i] : "<no output>").append('\n');
        }
        return b.toString();
    }
}
