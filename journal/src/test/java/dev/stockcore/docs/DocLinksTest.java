package dev.stockcore.docs;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every relative link of {@code README.md} and {@code docs/*.md} names a file of the repository, and every
 * {@code #anchor} a heading of the document it points to (GitHub's rule: lower case, punctuation dropped, spaces
 * to hyphens). Moving a section or a file breaks the build, not the reader.
 */
class DocLinksTest
{
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    static Stream<Named<Path>> documents()
    {
        final List<Path> documents = FencedBlock.documents();
        assertTrue(documents.size() >= 2, "README.md and docs/*.md");
        return documents.stream().map(d -> Named.of(FencedBlock.ROOT.relativize(d).toString(), d));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void shouldResolveEveryRelativeLinkAndAnchor(final Path document) throws IOException
    {
        final List<String> broken = new ArrayList<>();
        int links = 0;
        final Matcher link = LINK.matcher(prose(document));
        while (link.find())
        {
            final String target = link.group(1);
            if (target.startsWith("http://") || target.startsWith("https://") || target.startsWith("mailto:"))
            {
                continue;
            }
            links++;
            final int hash = target.indexOf('#');
            final String file = hash < 0 ? target : target.substring(0, hash);
            final Path resolved = file.isEmpty() ? document : document.resolveSibling(file).normalize();
            if (!resolved.startsWith(FencedBlock.ROOT) || !Files.exists(resolved))
            {
                broken.add(target + " (no such file)");
            }
            else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1)))
            {
                broken.add(target + " (no such heading in " + FencedBlock.ROOT.relativize(resolved) + ")");
            }
        }
        assertEquals(List.of(), broken, document + ": broken links among " + links);
    }

    /** The document without its fenced blocks, whose brackets are code, not links. */
    private static String prose(final Path document) throws IOException
    {
        final StringBuilder prose = new StringBuilder();
        boolean fenced = false;
        for (final String line : Files.readAllLines(document, StandardCharsets.UTF_8))
        {
            if (line.startsWith("```"))
            {
                fenced = !fenced;
            }
            else if (!fenced)
            {
                prose.append(line).append('\n');
            }
        }
        return prose.toString();
    }

    private static Set<String> anchors(final Path document) throws IOException
    {
        final Set<String> anchors = new HashSet<>();
        for (final String line : prose(document).split("\n"))
        {
            if (line.startsWith("#"))
            {
                final String heading = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT);
                anchors.add(heading.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }
}
