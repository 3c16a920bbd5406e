package dev.stockcore.journal;

import dev.stockcore.engine.StockEngine;
import dev.stockcore.engine.script.ScriptRunner;
import dev.stockcore.runtime.StockLevel;
import dev.stockcore.runtime.StockRuntime;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal written by the build at commit {@code f7658bd} (journal format 2, no checksum), before every layout
 * pinned its byte order to little-endian, recovers with this build to the state the old build recorded; a writer
 * of this build continues it in format 3 (a CRC32C per excerpt) and records where the checksummed excerpts start,
 * after which an excerpt without a checksum is damage; and the same commands written by this build give the same
 * snapshot file and the same movement batches, now in format 3 excerpts.
 * <p>
 * The fixture, {@code fixtures/baseline-f7658bd/baseline-f7658bd-journal.zip}, holds the journal directory
 * (a snapshot at sequence 16, twelve excerpts of movements 17..32 after it, the Chronicle metadata and the
 * {@code writer.lock} of the killed writer). It was made by {@code make-fixture.sh} in the same folder:
 * <pre>
 * git worktree add /tmp/baseline f7658bd
 * (cd /tmp/baseline &amp;&amp; mvn -B -q -DskipTests package)
 * journal/src/test/resources/fixtures/baseline-f7658bd/make-fixture.sh /tmp/baseline
 * </pre>
 * which runs {@code ./stockcore script --journal DIR part1.script} (products, stock, a shared stock link,
 * reservations, commits, a release; the run ends with a snapshot), then feeds {@code part2.script}
 * (reservations with TTLs, partial commits, a release, an adjustment, a new product, an expiry) to
 * {@code ./stockcore script --journal DIR -} and kills it with SIGKILL once it has acknowledged every line, so
 * no snapshot covers part 2. The expected values below are the baseline's own output, kept beside the scripts:
 * {@code recover.out} ({@code ./stockcore recover} of a copy) and the level lines of {@code part2.out}.
 */
class JournalFormatCompatibilityTest
{
    private static final String FIXTURES = "/fixtures/baseline-f7658bd/";
    private static final String FIXTURE = FIXTURES + "baseline-f7658bd-journal.zip";
    private static final long STATE_HASH = 0xbbca4c8b6f9a13edL;
    private static final long SEQUENCE = 32;
    private static final long SNAPSHOT_SEQUENCE = 16;
    private static final long MOVEMENTS_AFTER_SNAPSHOT = 16;
    private static final long BATCHES_AFTER_SNAPSHOT = 12;
    private static final long EXCERPTS_BEFORE_SNAPSHOT = 14;
    private static final long ENGINE_TIME = 1_700_000_200_000L;
    private static final int PRODUCTS = 5;

    /** SKU, physical, reserved (held, or ordered for a consumer), available, source SKU or null: part2.out. */
    private static final Object[][] LEVELS = {
        { "OIL-1L", 88L, 0L, 88L, null },
        { "OIL-GIFT", 0L, 0L, 88L, "OIL-1L" },
        { "VINEGAR", 36L, 0L, 36L, null },
        { "SALT", 250L, 5L, 245L, null },
        { "PEPPER", 9L, 0L, 9L, null },
    };

    @TempDir
    Path dir;

    private Path journalDir;

    @BeforeEach
    void unpackFixture() throws IOException
    {
        unzip(FIXTURE, dir);
        journalDir = dir.resolve("journal");
    }

    @Test
    void shouldRecoverBaselineJournalReadOnlyToTheRecordedStateHash()
    {
        try (Journal journal = Journal.openForReading(journalDir))
        {
            final Recovery.Outcome result = Recovery.recover(journal, new JournaledEngine.Context()::newEngine,
                Recovery.Progress.NONE);

            assertTrue(result.warnings().isEmpty(), result.warnings().toString());
            assertNotNull(result.snapshot());
            assertEquals(SNAPSHOT_SEQUENCE, result.snapshot().sequence());
            assertEquals(MOVEMENTS_AFTER_SNAPSHOT, result.movementsReplayed());
            assertEquals(BATCHES_AFTER_SNAPSHOT, result.batchesReplayed());
            assertEngineState(result.engine());
        }
    }

    @Test
    void shouldReadBaselineSnapshotHeader()
    {
        final SnapshotStore store = new SnapshotStore(journalDir);
        final SnapshotStore.Info info = store.verify(store.list().get(0));

        assertEquals(SNAPSHOT_SEQUENCE, info.sequence());
        assertEquals(1_700_000_000_000L, info.time());
    }

    @Test
    void shouldRecordWhereChecksummedExcerptsStartWhenAWriterContinuesTheBaseline()
    {
        final long baselineLast;
        try (Journal journal = Journal.openForReading(journalDir))
        {
            baselineLast = journal.lastIndex();
        }
        assertEquals(2, metadata(JournalDescriptor.FORMAT_KEY));
        assertEquals(-1, metadata(JournalDescriptor.CHECKSUMMED_FROM_KEY), "a format 2 journal has no such key");

        try (JournaledEngine journaled = JournaledEngine.open(new JournaledEngine.Context().journalDir(journalDir)))
        {
            assertEquals(dev.stockcore.engine.Result.OK, journaled.engine().release(6));
            journaled.commit();
        }

        assertEquals(JournalDescriptor.FORMAT_VERSION, metadata(JournalDescriptor.FORMAT_KEY));
        assertEquals(baselineLast + 1, metadata(JournalDescriptor.CHECKSUMMED_FROM_KEY));
        final List<byte[]> all = excerpts(journalDir);
        assertEquals(EXCERPTS_BEFORE_SNAPSHOT + BATCHES_AFTER_SNAPSHOT + 1, all.size(), "the release's excerpt " +
            "after the baseline's");
        for (int i = 0; i < all.size(); i++)
        {
            final int version = ByteBuffer.wrap(all.get(i)).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
            assertEquals(i < EXCERPTS_BEFORE_SNAPSHOT + BATCHES_AFTER_SNAPSHOT ? 2 : 3, version, "excerpt " + i);
        }
    }

    @Test
    void shouldRefuseAnExcerptOfTheContinuedBaselineWhoseVersionFlippedFromThreeToTwo() throws IOException
    {
        final long checksummedFrom;
        try (Journal journal = Journal.openForReading(journalDir))
        {
            checksummedFrom = journal.lastIndex() + 1;
        }
        try (JournaledEngine journaled = JournaledEngine.open(new JournaledEngine.Context().journalDir(journalDir)))
        {
            assertEquals(dev.stockcore.engine.Result.OK, journaled.engine().release(6));
            journaled.closeWithoutSnapshot();
        }
        final Located last = lastExcerpt(journalDir);
        try (RandomAccessFile file = new RandomAccessFile(last.file().toFile(), "rw"))
        {
            // 3 -> 2: one bit. Read as format 2, its CRC would be taken for the length, which the exact length
            // check would almost surely refuse too; the rule refuses it by its index alone, whatever the CRC.
            file.seek(last.position());
            assertEquals(3, file.read());
            file.seek(last.position());
            file.write(2);
        }

        try (Journal journal = Journal.openForReading(journalDir))
        {
            final JournalException refused = assertThrows(JournalException.class, () -> Recovery.recover(journal,
                new JournaledEngine.Context()::newEngine, Recovery.Progress.NONE));
            assertTrue(refused.getMessage().contains("excerpt at index 0x" + Long.toHexString(last.index()) + " (" +
                last.index() + ") in queue/"), refused.getMessage());
            assertTrue(refused.getMessage().contains("it is format version 2 (no checksum), but every excerpt from " +
                "index 0x" + Long.toHexString(checksummedFrom) + " (" + checksummedFrom + ") on is format 3"),
                refused.getMessage());
        }
    }

    @Test
    void shouldContinueBaselineJournalWithAWriter()
    {
        final long hashAfterWrite;
        try (JournaledEngine journaled = JournaledEngine.open(new JournaledEngine.Context().journalDir(journalDir)))
        {
            assertEquals(MOVEMENTS_AFTER_SNAPSHOT, journaled.recovery().movementsReplayed());
            final StockEngine engine = journaled.engine();
            assertEngineState(engine);

            assertEquals(dev.stockcore.engine.Result.OK, engine.release(6));
            journaled.commit();
            assertEquals(245L + 5L, engine.available(engine.productIndex("SALT")));
            hashAfterWrite = engine.stateHash();
        }

        try (Journal journal = Journal.openForReading(journalDir))
        {
            final Recovery.Outcome result = Recovery.recover(journal, new JournaledEngine.Context()::newEngine,
                Recovery.Progress.NONE);
            assertEquals(hashAfterWrite, result.engine().stateHash());
            assertEquals(0, result.engine().openReservationCount());
        }
    }

    @Test
    void shouldPublishBaselineLevelsFromALaunchedRuntime()
    {
        try (StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context()
            .journalDir(journalDir)
            .clock(() -> ENGINE_TIME)))
        {
            assertEquals(PRODUCTS, runtime.productCount());
            final StockLevel level = new StockLevel();
            for (final Object[] expected : LEVELS)
            {
                assertTrue(runtime.level((String)expected[0], level), (String)expected[0]);
                final boolean consumer = expected[4] != null;
                assertArrayEquals(
                    new long[] { (long)expected[1], (long)expected[2], (long)expected[3] },
                    new long[] { level.physical(), consumer ? level.reservedOrdered() : level.reservedHeld(),
                        level.available() },
                    (String)expected[0]);
                assertEquals(consumer ? runtime.productIndex((String)expected[4]) : -1, level.source());
            }
        }
    }

    @Test
    void shouldWriteTheBaselinesBatchesInChecksummedExcerptsForTheSameCommands() throws IOException
    {
        final Path rewritten = dir.resolve("rewritten");
        try (JournaledEngine journaled = JournaledEngine.open(new JournaledEngine.Context().journalDir(rewritten)))
        {
            runScript(journaled, "part1.script");
        }
        final JournaledEngine second = JournaledEngine.open(new JournaledEngine.Context().journalDir(rewritten));
        runScript(second, "part2.script");
        // As the baseline's writer was killed: no snapshot of part 2.
        second.closeWithoutSnapshot();

        final SnapshotStore baselineSnapshots = new SnapshotStore(journalDir);
        final SnapshotStore rewrittenSnapshots = new SnapshotStore(rewritten);
        assertEquals(1, rewrittenSnapshots.list().size());
        assertSameSnapshotApartFromTheCycle(Files.readAllBytes(baselineSnapshots.list().get(0)),
            Files.readAllBytes(rewrittenSnapshots.list().get(0)));
        final List<byte[]> baselineExcerpts = excerpts(journalDir);
        final List<byte[]> rewrittenExcerpts = excerpts(rewritten);
        assertEquals(EXCERPTS_BEFORE_SNAPSHOT + BATCHES_AFTER_SNAPSHOT, baselineExcerpts.size());
        assertEquals(baselineExcerpts.size(), rewrittenExcerpts.size());
        final ExcerptCodec codec = new ExcerptCodec();
        for (int i = 0; i < baselineExcerpts.size(); i++)
        {
            final byte[] baselineBytes = baselineExcerpts.get(i);
            final byte[] rewrittenBytes = rewrittenExcerpts.get(i);
            final ByteBuffer old = ByteBuffer.wrap(baselineBytes).order(ByteOrder.LITTLE_ENDIAN);
            final ByteBuffer now = ByteBuffer.wrap(rewrittenBytes).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(2, old.getInt(0), "baseline excerpt " + i);
            assertEquals(3, now.getInt(JournalDescriptor.VERSION_OFFSET), "excerpt " + i);
            assertEquals(JournalDescriptor.ENCODING_COMPACT, now.getInt(JournalDescriptor.ENCODING_OFFSET),
                "excerpt " + i + " encoding, reserved");
            assertEquals(codec.checksum(rewrittenBytes, now.getInt(JournalDescriptor.LENGTH_OFFSET)),
                now.getInt(JournalDescriptor.CHECKSUM_OFFSET), "excerpt " + i + " CRC32C");
            assertArrayEquals(Arrays.copyOfRange(baselineBytes, JournalDescriptor.LEGACY_HEADER_LENGTH, baselineBytes.length),
                decodeCompact(rewrittenBytes, now.getInt(JournalDescriptor.LENGTH_OFFSET)),
                "excerpt " + i + " batches");
        }
    }

    /** The batches of a compact excerpt, in the engine's layout, one after another. */
    private static byte[] decodeCompact(final byte[] excerpt, final int payloadLength)
    {
        final CompactBatchCodec compact = new CompactBatchCodec();
        final org.agrona.concurrent.UnsafeBuffer in = new org.agrona.concurrent.UnsafeBuffer(excerpt);
        final org.agrona.concurrent.UnsafeBuffer batch =
            new org.agrona.concurrent.UnsafeBuffer(new byte[dev.stockcore.engine.movement.MovementDescriptor.MAX_BATCH_LENGTH * 2]);
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        final int limit = JournalDescriptor.HEADER_LENGTH + payloadLength;
        int at = compact.beginDecode(in, JournalDescriptor.HEADER_LENGTH, limit);
        while (at < limit)
        {
            at = compact.decodeBatch(in, at, limit, batch);
            final int length = dev.stockcore.engine.movement.MovementDecoder.batchLength(batch, 0);
            final byte[] bytes = new byte[length];
            batch.getBytes(0, bytes);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /** Where an excerpt's bytes start in its cycle file. */
    private record Located(long index, Path file, long position)
    {
    }

    private static Located lastExcerpt(final Path journalDir)
    {
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(journalDir.resolve(JournalDescriptor.QUEUE_DIR))
            .readOnly(true)
            .build();
            ExcerptTailer tailer = queue.createTailer())
        {
            assertTrue(tailer.moveToIndex(queue.lastIndex()));
            try (DocumentContext document = tailer.readingDocument())
            {
                assertTrue(document.isPresent());
                final Bytes<?> bytes = document.wire().bytes();
                return new Located(document.index(), ((MappedBytes)bytes).mappedFile().file().toPath(),
                    bytes.readPosition());
            }
        }
    }

    /** A long from the queue's metadata, -1 if the key is missing, without adding it. */
    private long metadata(final String key)
    {
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(journalDir.resolve(JournalDescriptor.QUEUE_DIR))
            .readOnly(true)
            .build())
        {
            final long[] found = { -1 };
            queue.metaStore().forEachKey(found, (values, name, value) ->
            {
                if (key.contentEquals(name))
                {
                    values[0] = value.int64();
                }
            });
            return found[0];
        }
    }

    /**
     * The journal index in a snapshot's header holds the hourly cycle the excerpt was written in (the wall clock),
     * and the CRC32C covers it: every other byte must match, and so must the index's sequence within its cycle.
     */
    private static final int JOURNAL_INDEX_OFFSET = 16;

    private static void assertSameSnapshotApartFromTheCycle(final byte[] baseline, final byte[] rewritten)
    {
        assertEquals(baseline.length, rewritten.length, "snapshot length");
        final ByteBuffer expected = ByteBuffer.wrap(baseline).order(ByteOrder.LITTLE_ENDIAN);
        final ByteBuffer actual = ByteBuffer.wrap(rewritten).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(RollCycles.FAST_HOURLY.toSequenceNumber(expected.getLong(JOURNAL_INDEX_OFFSET)),
            RollCycles.FAST_HOURLY.toSequenceNumber(actual.getLong(JOURNAL_INDEX_OFFSET)),
            "journal index within its cycle");
        final int crc = baseline.length - 8;
        for (int i = 0; i < baseline.length; i++)
        {
            final boolean cycleDependent = (i >= JOURNAL_INDEX_OFFSET && i < JOURNAL_INDEX_OFFSET + 8) || (i >= crc && i < crc + 4);
            if (!cycleDependent)
            {
                assertEquals(baseline[i], rewritten[i], "snapshot byte " + i);
            }
        }
    }

    /** As {@code ./stockcore script --journal}: one commit per command line, before its output line. */
    private static void runScript(final JournaledEngine journaled, final String script) throws IOException
    {
        final ScriptRunner runner = new ScriptRunner(journaled.engine());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
            JournalFormatCompatibilityTest.class.getResourceAsStream(FIXTURES + script), StandardCharsets.US_ASCII)))
        {
            for (String line; (line = in.readLine()) != null; )
            {
                if (runner.execute(line) != null)
                {
                    journaled.commit();
                }
            }
        }
    }

    /** Every excerpt of a journal's queue, as raw bytes: the stockcore header and the batches. */
    private static List<byte[]> excerpts(final Path journalDir)
    {
        final List<byte[]> excerpts = new ArrayList<>();
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(journalDir.resolve(JournalDescriptor.QUEUE_DIR))
            .readOnly(true)
            .build();
            ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext document = tailer.readingDocument())
                {
                    if (!document.isPresent())
                    {
                        return excerpts;
                    }
                    excerpts.add(document.wire().bytes().toByteArray());
                }
            }
        }
    }

    private static void assertEngineState(final StockEngine engine)
    {
        assertEquals(SEQUENCE, engine.sequence());
        assertEquals(ENGINE_TIME, engine.time());
        assertEquals(STATE_HASH, engine.stateHash());
        assertEquals(PRODUCTS, engine.productCount());
        assertEquals(1, engine.openReservationCount());
        for (final Object[] expected : LEVELS)
        {
            final String sku = (String)expected[0];
            final int product = engine.productIndex(sku);
            final int source = engine.source(product);
            assertArrayEquals(
                new long[] { (long)expected[1], (long)expected[2], (long)expected[3] },
                new long[] { engine.physical(product),
                    source >= 0 ? engine.reservedOrdered(product) : engine.reservedHeld(product),
                    engine.available(product) },
                sku);
            assertEquals(expected[4] == null ? -1 : engine.productIndex((String)expected[4]), source, sku);
        }
    }

    /**
     * Unpacks a zipped directory, leaving runs of zeros as holes: the Chronicle cycle file is 80 MiB, almost
     * all of it never written, and stays sparse on disk as the original was.
     */
    private static void unzip(final String resource, final Path target) throws IOException
    {
        final byte[] block = new byte[4096];
        try (InputStream in = JournalFormatCompatibilityTest.class.getResourceAsStream(resource))
        {
            assertNotNull(in, "test resource " + resource);
            try (ZipInputStream zip = new ZipInputStream(in))
            {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null; )
                {
                    final Path path = target.resolve(entry.getName()).normalize();
                    assertTrue(path.startsWith(target), entry.getName());
                    if (entry.isDirectory())
                    {
                        Files.createDirectories(path);
                        continue;
                    }
                    Files.createDirectories(path.getParent());
                    try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw"))
                    {
                        long position = 0;
                        for (int read; (read = zip.readNBytes(block, 0, block.length)) > 0; position += read)
                        {
                            if (!isZero(block, read))
                            {
                                file.seek(position);
                                file.write(block, 0, read);
                            }
                        }
                        file.setLength(position);
                    }
                }
            }
        }
    }

    private static boolean isZero(final byte[] block, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (block[i] != 0)
            {
                return false;
            }
        }
        return true;
    }
}
