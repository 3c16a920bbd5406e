package dev.stockcore.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A fenced code block of a Markdown document ({@code ```info} at the start of a line, up to the next {@code ```}),
 * with the document and line it opens on, and the fenced block that follows it when nothing but prose lies between
 * them (no heading): the output block of an example.
 *
 * @param document  the Markdown file.
 * @param line      1-based line of the opening fence.
 * @param info      the info string after the opening fence ({@code java}, {@code text}, {@code sh}, or empty).
 * @param text      the lines between the fences, each ending with {@code \n}.
 * @param next      the block right after this one in the same section, or {@code null}.
 */
record FencedBlock(Path document, int line, String info, String text, FencedBlock next)
{
    /** The repository root, seen from a module's directory (where surefire runs the tests). */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final String FENCE = "```";

    /**
     * @return {@code README.md} and every {@code docs/*.md}, README first, then by name.
     */
    static List<Path> documents()
    {
        final List<Path> documents = new ArrayList<>();
        documents.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs")))
        {
            docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return documents;
    }

    /**
     * @param document a Markdown file.
     * @return its fenced blocks in document order.
     * @throws IllegalStateException if a fence is never closed.
     */
    static List<FencedBlock> parse(final Path document)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(document, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final List<int[]> fences = new ArrayList<>();   // opening and closing line index of each block
        for (int i = 0; i < lines.size(); i++)
        {
            if (lines.get(i).startsWith(FENCE))
            {
                int close = i + 1;
                while (close < lines.size() && !lines.get(close).equals(FENCE))
                {
                    close++;
                }
                if (close == lines.size())
                {
                    throw new IllegalStateException(document + ":" + (i + 1) + ": a fence is never closed");
                }
                fences.add(new int[] { i, close });
                i = close;
            }
        }
        final List<FencedBlock> blocks = new ArrayList<>();
        FencedBlock following = null;
        for (int k = fences.size() - 1; k >= 0; k--)
        {
            final int open = fences.get(k)[0];
            final int close = fences.get(k)[1];
            if (following != null && headingBetween(lines, close, following.line() - 1))
            {
                following = null;
            }
            final StringBuilder text = new StringBuilder();
            for (int j = open + 1; j < close; j++)
            {
                text.append(lines.get(j)).append('\n');
            }
            following = new FencedBlock(
                document, open + 1, lines.get(open).substring(FENCE.length()).trim(), text.toString(), following);
            blocks.add(0, following);
        }
        return blocks;
    }

    private static boolean headingBetween(final List<String> lines, final int from, final int to)
    {
        for (int i = from + 1; i < to; i++)
        {
            if (lines.get(i).startsWith("#"))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return where the block is, for messages: {@code README.md:42}.
     */
    String where()
    {
        return ROOT.relativize(document) + ":" + line;
    }
}
