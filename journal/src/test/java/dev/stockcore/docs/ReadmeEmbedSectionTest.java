package dev.stockcore.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Embed it" section tells a reader what to install, what to depend on and which JVM flags to pass;
 * a script reads it too. These must be the build's own: the dependency is the journal module's coordinates, the
 * flag bullets are the root pom's {@code stockcore.jvm.flags} in order, then the jdk24 profile's flags, each of those
 * saying "JDK 24" in its reason (a JDK 17 java refuses {@code --sun-misc-unsafe-memory-access}, so readers and
 * {@code .ci/embed-check} pass them only on JDK 24 and later).
 */
class ReadmeEmbedSectionTest
{
    private static final Pattern FLAG_BULLET = Pattern.compile("^- `([^`]+)` \\S.*$");

    @Test
    void shouldTellToInstallFromTheClone() throws IOException
    {
        assertTrue(section("## Embed it").contains("`mvn -B -DskipTests install`"), "the install step");
    }

    @Test
    void shouldDependOnTheJournalArtifactTheBuildInstalls() throws IOException
    {
        final List<FencedBlock> xml = FencedBlock.parse(readme()).stream().filter(b -> b.info().equals("xml")).toList();
        assertEquals(1, xml.size(), "README.md has exactly one ```xml block");
        final String rootPom = Files.readString(FencedBlock.ROOT.resolve("pom.xml"), StandardCharsets.UTF_8);
        final String journalPom = Files.readString(FencedBlock.ROOT.resolve("journal/pom.xml"), StandardCharsets.UTF_8);
        final String journalOwn = journalPom.substring(journalPom.indexOf("</parent>"));
        final String expected = "<dependency>" +
            "<groupId>" + first(rootPom, "groupId") + "</groupId>" +
            "<artifactId>" + first(journalOwn, "artifactId") + "</artifactId>" +
            "<version>" + first(rootPom, "version") + "</version>" +
            "</dependency>";
        assertEquals(expected, xml.get(0).text().replaceAll("\\s+", ""));
        assertTrue(section("## Embed it").contains(xml.get(0).text()), "the ```xml block is in the Embed it section");
    }

    @Test
    void shouldListThePomJvmFlagsOneBulletEachWithAReason() throws IOException
    {
        final String rootPom = Files.readString(FencedBlock.ROOT.resolve("pom.xml"), StandardCharsets.UTF_8);
        final List<String> pomFlags = Arrays.asList(first(rootPom, "stockcore.jvm.flags").trim().split("\\s+"));
        assertEquals(12, pomFlags.size(), "the pom's flags");

        final Matcher jdk24 = Pattern.compile("<stockcore\\.jvm\\.flags\\.jdk24>([^<]+)<").matcher(rootPom);
        assertTrue(jdk24.find(), "the pom's jdk24 profile sets its flags");
        final List<String> jdk24Flags = Arrays.asList(jdk24.group(1).trim().split("\\s+"));
        assertEquals(2, jdk24Flags.size());

        final List<String> bulletFlags = new ArrayList<>();
        for (final String line : section("### JVM flags").split("\n"))
        {
            if (line.startsWith("- "))
            {
                final Matcher bullet = FLAG_BULLET.matcher(line);
                assertTrue(bullet.matches(), "a flag bullet is - `FLAG` reason: " + line);
                bulletFlags.add(bullet.group(1));
                assertEquals(jdk24Flags.contains(bullet.group(1)), line.contains("JDK 24"),
                    "only the jdk24 profile's flags say JDK 24: " + line);
            }
        }
        final List<String> expected = new ArrayList<>(pomFlags);
        expected.addAll(jdk24Flags);
        assertEquals(expected, bulletFlags);
    }

    private static Path readme()
    {
        return FencedBlock.ROOT.resolve("README.md");
    }

    /** The README from the heading to the next heading of the same or a higher level. */
    private static String section(final String heading) throws IOException
    {
        final int level = level(heading);
        final StringBuilder section = new StringBuilder();
        boolean inside = false;
        boolean fenced = false;
        for (final String line : Files.readAllLines(readme(), StandardCharsets.UTF_8))
        {
            if (line.startsWith("```"))
            {
                fenced = !fenced;
            }
            else if (!fenced && line.startsWith("#"))
            {
                if (inside && level(line) <= level)
                {
                    break;
                }
                inside |= line.equals(heading);
            }
            if (inside)
            {
                section.append(line).append('\n');
            }
        }
        assertFalse(section.length() == 0, "README.md has a '" + heading + "' heading");
        return section.toString();
    }

    private static int level(final String heading)
    {
        int level = 0;
        while (level < heading.length() && heading.charAt(level) == '#')
        {
            level++;
        }
        return level;
    }

    private static String first(final String xml, final String element)
    {
        final Matcher matcher = Pattern.compile("<" + Pattern.quote(element) + ">([^<]*)</").matcher(xml);
        assertTrue(matcher.find(), "<" + element + "> in the pom");
        return matcher.group(1);
    }
}
