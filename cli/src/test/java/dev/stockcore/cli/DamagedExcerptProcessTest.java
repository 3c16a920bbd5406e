package dev.stockcore.cli;

import dev.stockcore.engine.movement.MovementDescriptor;
import dev.stockcore.engine.movement.MovementKind;
import dev.stockcore.journal.Journal;
import dev.stockcore.journal.CompactRecordLocator;
import dev.stockcore.journal.JournalDescriptor;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal written by {@code ./stockcore script --journal} in a real process, its last excerpt then damaged
 * (one bit flipped in a RESERVED record's holder-reserved field, or the whole excerpt zero-filled), read by
 * the commands in their own JVMs: each refuses with one line naming the excerpt by index (hex and decimal) and
 * cycle file, with its documented exit status ({@code verify} 1, the others 2), and {@code dump} prints no
 * {@code UNKNOWN} kind. The bit flip goes through verify, recover, dump, feed and a starting writer
 * ({@code script --journal}); the zero-filled excerpt through verify and dump.
 */
class DamagedExcerptProcessTest
{
    private static final String SCRIPT = "product A\nadjust A 10\nreserve 1 A 3\n";

    @TempDir
    Path dir;

    enum Damage
    {
        HOLDER_RESERVED_BIT, ZERO_FILLED
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void shouldRefuseTheDamagedExcerptInEveryCommand(final Damage damage) throws Exception
    {
        final Path journal = dir.resolve("journal");
        final Path script = dir.resolve("orders.txt");
        java.nio.file.Files.writeString(script, SCRIPT);
        // The clean close's snapshot is removed, so that recovery replays the damaged excerpt.
        final Finished written = stockcore("script", "--journal", journal.toString(), script.toString());
        assertEquals(0, written.status, written::toString);
        try (var snapshots = java.nio.file.Files.list(journal.resolve(JournalDescriptor.SNAPSHOT_DIR)))
        {
            for (final Path snapshot : (Iterable<Path>)snapshots::iterator)
            {
                java.nio.file.Files.delete(snapshot);
            }
        }
        final String named = damageLastExcerpt(journal, damage);
        if (damage == Damage.ZERO_FILLED)
        {
            // Zeros are what a fault writing leaves: the cycle-file scan refuses them before any reader decodes,
            // in one line that names the file and the index and says to run repair (exit 2, as for any journal
            // that cannot be read).
            for (final String command : new String[] { "verify", "dump" })
            {
                final Finished run = stockcore(command, "--journal", journal.toString());
                assertEquals(2, run.status, command + ": " + run);
                assertEquals(1, run.err.lines().count(), command + ": " + run);
                assertTrue(run.err.contains("is damaged at index ") && run.err.contains("zero-filled") &&
                    run.err.contains("run ./stockcore repair --journal " + journal), command + ": " + run);
                assertFalse(run.out.contains("UNKNOWN"), command + ": " + run);
            }
            return;
        }

        final Finished verify = stockcore("verify", "--journal", journal.toString());
        assertEquals(1, verify.status, verify::toString);
        assertTrue(verify.out.startsWith("FAILED: journal " + journal + ": " + named + ": "), verify::toString);

        for (final String command : damage == Damage.ZERO_FILLED ? new String[] { "dump" } :
            new String[] { "recover", "dump" })
        {
            final Finished run = stockcore(command, "--journal", journal.toString());
            assertEquals(2, run.status, command + ": " + run);
            assertEquals(1, run.err.lines().count(), command + ": " + run);
            assertTrue(run.err.startsWith("stockcore " + command + ": journal " + journal + ": " + named + ": "),
                command + ": " + run);
            assertFalse(run.out.contains("UNKNOWN"), command + ": " + run);
        }
        if (damage == Damage.ZERO_FILLED)
        {
            // Each process costs seconds on a busy machine: the other readers meet this damage in-process
            // (ExcerptChecksumTest) and the bit flip below through every command.
            return;
        }
        final Finished feed = stockcore("feed", "--no-follow", "--journal", journal.toString());
        assertEquals(2, feed.status, feed::toString);
        assertTrue(feed.err.contains(named), feed::toString);

        final Finished writer = stockcore("script", "--journal", journal.toString(), script.toString());
        assertEquals(2, writer.status, writer::toString);
        assertTrue(writer.err.contains(named), writer::toString);
    }

    /** @return how the commands must name the damaged excerpt. */
    private static String damageLastExcerpt(final Path journal, final Damage damage) throws IOException
    {
        final long index;
        final Path file;
        final long position;
        final int length;
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(journal.resolve(JournalDescriptor.QUEUE_DIR))
            .readOnly(true)
            .build();
            ExcerptTailer tailer = queue.createTailer())
        {
            index = queue.lastIndex();
            assertTrue(tailer.moveToIndex(index));
            try (DocumentContext document = tailer.readingDocument())
            {
                final Bytes<?> bytes = document.wire().bytes();
                file = ((MappedBytes)bytes).mappedFile().file().toPath();
                position = bytes.readPosition();
                length = (int)bytes.readRemaining();
            }
        }
        final String named;
        try (Journal opened = Journal.openForReading(journal))
        {
            named = opened.excerptName(index);
        }
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw"))
        {
            if (damage == Damage.ZERO_FILLED)
            {
                raw.seek(position);
                raw.write(new byte[length]);
            }
            else
            {
                final byte[] excerpt = new byte[length];
                raw.seek(position);
                raw.readFully(excerpt);
                final CompactRecordLocator record = CompactRecordLocator.firstRecord(excerpt);
                assertEquals(MovementKind.RESERVED.code(), record.kind(), "the last excerpt is the reservation's");
                // A bit of the RESERVED record's reservedHeld (bit 3 of its varint: 2 becomes 6), the kind of flip
                // the unchecked format replayed as a wrong state.
                final long at = position + record.reservedHeldOffset();
                raw.seek(at);
                final int value = raw.read();
                raw.seek(at);
                raw.write(value ^ 8);
            }
        }
        return named;
    }

    private static Finished stockcore(final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StockcoreCli.class.getName());
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        process.getOutputStream().close();
        final byte[] out = process.getInputStream().readAllBytes();
        final byte[] err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "stockcore " + String.join(" ", args) + " did not exit");
        return new Finished(process.exitValue(), new String(out, StandardCharsets.UTF_8),
            new String(err, StandardCharsets.UTF_8));
    }

    private record Finished(int status, String out, String err)
    {
    }
}
