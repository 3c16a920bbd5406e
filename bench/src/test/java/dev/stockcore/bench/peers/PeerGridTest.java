package dev.stockcore.bench.peers;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PeerGridTest
{
    @Test
    void shouldSpanOneToSixtyFourClientsAndOneToOneTwentyEightDepthsForRedis()
    {
        for (final boolean quick : new boolean[] {true, false})
        {
            final PeerGrid grid = PeerGrid.remote(true, quick);
            assertEquals(1, grid.clients()[0]);
            assertEquals(64, grid.maxClients());
            assertEquals(1, grid.depths()[0]);
            assertEquals(128, grid.depths()[grid.depths().length - 1]);
        }
    }

    @Test
    void shouldKeepQuickGridToPowersOfFour()
    {
        final PeerGrid grid = PeerGrid.remote(true, true);

        assertArrayEquals(new int[] {1, 4, 16, 64}, grid.clients());
        assertArrayEquals(new int[] {1, 16, 128}, grid.depths());
        assertEquals(12, grid.size());
    }

    @Test
    void shouldVaryOnlyClientsForPostgresql()
    {
        final PeerGrid quick = PeerGrid.remote(false, true);
        final PeerGrid full = PeerGrid.remote(false, false);

        assertArrayEquals(new int[] {1}, quick.depths());
        assertArrayEquals(new int[] {1, 4, 16, 64}, quick.clients());
        assertArrayEquals(new int[] {1, 2, 4, 8, 16, 32, 64}, full.clients());
        assertArrayEquals(new int[] {1}, full.depths());
    }

    @Test
    void shouldPickHighestRate()
    {
        final PeerRunResult slow = new PeerRunResult("redis", 1, 1, 1_000, 1_000, 0);
        final PeerRunResult fast = new PeerRunResult("redis", 16, 128, 9_000, 9_000, 0);
        final PeerRunResult middle = new PeerRunResult("redis", 4, 16, 5_000, 5_000, 0);

        assertSame(fast, PeerGrid.best(List.of(slow, fast, middle)));
    }

    @Test
    void shouldPreferFewerClientsThenShallowerDepthOnEqualRates()
    {
        final PeerRunResult many = new PeerRunResult("redis", 64, 1, 5_000, 5_000, 0);
        final PeerRunResult deep = new PeerRunResult("redis", 4, 128, 5_000, 5_000, 0);
        final PeerRunResult shallow = new PeerRunResult("redis", 4, 16, 5_000, 5_000, 0);

        assertSame(shallow, PeerGrid.best(List.of(many, deep, shallow)));
        assertSame(shallow, PeerGrid.best(List.of(shallow, deep, many)));
    }

    @Test
    void shouldHaveNoBestOfNoResults()
    {
        assertNull(PeerGrid.best(List.of()));
    }

    @Test
    void shouldRefuseAnEmptyGrid()
    {
        assertThrows(IllegalArgumentException.class, () -> new PeerGrid(new int[0], new int[] {1}));
    }

    @Test
    void shouldCountCommitsAndReleasesAsServerRequests()
    {
        final PeerRunResult result = new PeerRunResult("redis", 4, 16, 1_000, 1_000, 500);

        assertEquals(2_500.0, result.requestsPerSecond(), 1e-9);
    }
}
