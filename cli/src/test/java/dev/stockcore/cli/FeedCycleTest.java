package dev.stockcore.cli;

import dev.stockcore.journal.Journal;
import dev.stockcore.journal.feed.JournalFeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A feed that has read to the end of an hourly cycle file reads on into the next one when the writer rolls
 * over (the journal is written by {@link JournalFixture} with the queue clock an hour apart).
 */
class FeedCycleTest
{
    private static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;

    @Test
    void shouldFollowTheJournalIntoTheNextHourlyCycle()
    {
        final Path journal = dir.resolve("j");
        final List<byte[]> batches = JournalFixture.batches("product A\nadjust A 5\nreserve 1 A 2\nadjust A 1\n");
        final long now = System.currentTimeMillis();
        JournalFixture.append(journal, batches.subList(0, 2), now - 2 * HOUR);
        final List<String> changes = new ArrayList<>();
        try (Journal opened = Journal.openForReading(journal);
            JournalFeed feed = JournalFeed.open(new JournalFeed.Context().journal(opened)
                .availabilityHandler((replica, product, available, sequence) ->
                    changes.add(replica.sku(product) + " " + available + " @" + sequence))))
        {
            assertEquals(2, feed.poll(100));
            assertEquals(0, feed.poll(100));

            JournalFixture.append(journal, batches.subList(2, 3), now - HOUR);
            assertEquals(1, feed.poll(100));
            JournalFixture.append(journal, batches.subList(3, 4), now);
            assertEquals(1, feed.poll(100));

            assertEquals(List.of("A 5 @2", "A 3 @3", "A 4 @4"), changes);
        }
    }
}
