package dev.stockcore.cli.webhook;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BackoffTest
{
    @Test
    void shouldDoubleFromTheInitialDelayUpToTheCap()
    {
        final Backoff backoff = new Backoff();
        final List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 11; i++)
        {
            delays.add(backoff.nextDelayMillis());
        }

        assertEquals(List.of(250L, 500L, 1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L, 30_000L, 30_000L, 30_000L),
            delays);
        assertEquals(11, backoff.failures());
    }

    @Test
    void shouldStartAgainFromTheInitialDelayAfterAReset()
    {
        final Backoff backoff = new Backoff(100, 1_000);
        backoff.nextDelayMillis();
        backoff.nextDelayMillis();
        backoff.nextDelayMillis();

        backoff.reset();

        assertEquals(0, backoff.failures());
        assertEquals(100, backoff.nextDelayMillis());
        assertEquals(200, backoff.nextDelayMillis());
    }

    @Test
    void shouldCapADelayThatWouldPassTheMaximumWhenDoubled()
    {
        final Backoff backoff = new Backoff(300, 1_000);

        assertEquals(List.of(300L, 600L, 1_000L, 1_000L),
            List.of(backoff.nextDelayMillis(), backoff.nextDelayMillis(), backoff.nextDelayMillis(),
                backoff.nextDelayMillis()));
    }

    @Test
    void shouldRejectAMaximumBelowTheInitialDelay()
    {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(500, 100));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 100));
    }
}
