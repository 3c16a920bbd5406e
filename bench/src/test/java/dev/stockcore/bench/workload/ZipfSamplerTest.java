package dev.stockcore.bench.workload;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZipfSamplerTest
{
    private static final int DRAWS = 400_000;

    @ParameterizedTest
    @ValueSource(doubles = {0.6, 1.0, 1.1, 2.0})
    void shouldDrawRanksWithZipfProbabilities(final double exponent)
    {
        final int n = 1_000;
        final ZipfSampler sampler = new ZipfSampler(n, exponent);
        final SplitMix64 random = new SplitMix64(3);
        final int[] counts = new int[n + 1];
        for (int i = 0; i < DRAWS; i++)
        {
            counts[sampler.sample(random)]++;
        }
        double norm = 0;
        for (int k = 1; k <= n; k++)
        {
            norm += Math.pow(k, -exponent);
        }
        for (final int k : new int[] {1, 2, 3, 10})
        {
            final double expected = DRAWS * Math.pow(k, -exponent) / norm;
            final double tolerance = 5 * Math.sqrt(expected) + expected * 0.02;
            assertEquals(expected, counts[k], tolerance, "rank " + k + " with exponent " + exponent);
        }
    }

    @Test
    void shouldDrawUniformlyWithExponentZero()
    {
        final ZipfSampler sampler = new ZipfSampler(10, 0.0);
        final SplitMix64 random = new SplitMix64(5);
        final int[] counts = new int[11];
        for (int i = 0; i < 100_000; i++)
        {
            counts[sampler.sample(random)]++;
        }
        assertEquals(0, counts[0]);
        for (int k = 1; k <= 10; k++)
        {
            assertEquals(10_000, counts[k], 500, "rank " + k);
        }
    }

    @Test
    void shouldStayWithinRanksForASingleRank()
    {
        final ZipfSampler sampler = new ZipfSampler(1, 1.1);
        final SplitMix64 random = new SplitMix64(9);
        for (int i = 0; i < 10_000; i++)
        {
            assertEquals(1, sampler.sample(random));
        }
    }

    @Test
    void shouldRejectANegativeExponent()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new ZipfSampler(10, -1.0));
        assertTrue(ex.getMessage().contains("-1.0"), ex.getMessage());
    }
}
