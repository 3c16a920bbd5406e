package dev.stockcore.cli.webhook;

import dev.stockcore.engine.MovementHandler;
import dev.stockcore.engine.StockEngine;
import dev.stockcore.engine.script.ScriptRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The requests built from a feed's changes, driven by hand: one {@code stage} call per journal batch (all its
 * changes share one sequence), then {@code offerStaged}, as the delivery loop does.
 */
class RequestAssemblerTest
{
    private final StockEngine replica = new StockEngine(MovementHandler.NONE);
    private int a;
    private int b;
    private int c;
    private int d;

    @BeforeEach
    void catalogue()
    {
        final ScriptRunner runner = new ScriptRunner(replica);
        for (final String command : new String[] { "product A", "product B", "product C", "product D", "link B A",
            "link C A" })
        {
            assertEquals("OK", runner.execute(command).toString(), command);
        }
        a = replica.productIndex("A");
        b = replica.productIndex("B");
        c = replica.productIndex("C");
        d = replica.productIndex("D");
    }

    @Test
    void shouldConflatePerSkuKeepingTheLatestAndCoverEverySequence()
    {
        final RequestAssembler assembler = new RequestAssembler(10);
        stage(assembler, 4, a, 10);
        assertNull(assembler.offerStaged());
        stage(assembler, 5, d, 3);
        assertNull(assembler.offerStaged());
        stage(assembler, 7, a, 8);
        assertNull(assembler.offerStaged());

        final WebhookRequest request = assembler.flush();

        assertEquals("[{\"sku\":\"D\",\"available\":3,\"sequence\":5},{\"sku\":\"A\",\"available\":8,\"sequence\":7}]",
            body(request));
        assertEquals(2, request.changes());
        assertEquals("4-7", request.idempotencyKey(), "the conflated change of sequence 4 is covered");
        assertEquals(7, request.cursorAfter());
        assertNull(assembler.flush(), "nothing pending after a flush");
    }

    @Test
    void shouldCarrySourceForAVirtualProduct()
    {
        final RequestAssembler assembler = new RequestAssembler(10);
        stage(assembler, 9, a, 6, b, 6);
        assembler.offerStaged();

        assertEquals("[{\"sku\":\"A\",\"available\":6,\"sequence\":9}," +
            "{\"sku\":\"B\",\"available\":6,\"sequence\":9,\"source\":\"A\"}]", body(assembler.flush()));
    }

    @Test
    void shouldHandOverThePendingRequestWhenTheNextSequenceDoesNotFit()
    {
        final RequestAssembler assembler = new RequestAssembler(3);
        stage(assembler, 4, a, 10, b, 10);
        assertNull(assembler.offerStaged());
        stage(assembler, 5, c, 10, d, 1);

        final WebhookRequest first = assembler.offerStaged();

        assertEquals("4-4", first.idempotencyKey());
        assertEquals(2, first.changes());
        assertEquals(4, first.cursorAfter());
        assertTrue(assembler.hasStaged(), "sequence 5 waits for the next request");
        assertNull(assembler.offerStaged());
        final WebhookRequest second = assembler.flush();
        assertEquals("5-5", second.idempotencyKey());
        assertEquals(5, second.cursorAfter());
    }

    @Test
    void shouldMergeASequenceThatOnlyUpdatesProductsAlreadyInAFullRequest()
    {
        final RequestAssembler assembler = new RequestAssembler(2);
        stage(assembler, 4, a, 10, b, 10);
        assertNull(assembler.offerStaged());
        stage(assembler, 6, a, 7, b, 7);

        assertNull(assembler.offerStaged(), "no new SKU: it still fits");
        final WebhookRequest request = assembler.flush();
        assertEquals("4-6", request.idempotencyKey());
        assertEquals("[{\"sku\":\"A\",\"available\":7,\"sequence\":6}," +
            "{\"sku\":\"B\",\"available\":7,\"sequence\":6,\"source\":\"A\"}]", body(request));
    }

    @Test
    void shouldCutASequenceLargerThanARequestWithoutMovingTheCursorUntilItsLastPart()
    {
        final RequestAssembler assembler = new RequestAssembler(2);
        stage(assembler, 8, a, 5, b, 5, c, 5);

        final WebhookRequest part = assembler.offerStaged();

        assertEquals(2, part.changes());
        assertEquals("8-8", part.idempotencyKey());
        assertFalse(part.advancesCursor(), "sequence 8 is not wholly delivered by its first part");
        assertNull(assembler.offerStaged(), "the rest of sequence 8 starts the next request");
        stage(assembler, 9, d, 2);
        assertNull(assembler.offerStaged());
        final WebhookRequest rest = assembler.flush();
        assertEquals("[{\"sku\":\"C\",\"available\":5,\"sequence\":8,\"source\":\"A\"}," +
            "{\"sku\":\"D\",\"available\":2,\"sequence\":9}]", body(rest));
        assertEquals("8-9", rest.idempotencyKey());
        assertEquals(9, rest.cursorAfter());
    }

    @Test
    void shouldNeverPutMoreThanTheMaximumInARequest()
    {
        final RequestAssembler assembler = new RequestAssembler(1);
        stage(assembler, 3, a, 1, b, 1, c, 1);

        final List<WebhookRequest> requests = new ArrayList<>();
        while (assembler.hasStaged())
        {
            final WebhookRequest request = assembler.offerStaged();
            if (request != null)
            {
                requests.add(request);
            }
        }
        requests.add(assembler.flush());

        assertEquals(3, requests.size());
        for (int i = 0; i < 3; i++)
        {
            assertEquals(1, requests.get(i).changes());
            assertEquals(i == 2, requests.get(i).advancesCursor(), "only the last part moves the cursor");
        }
        assertEquals(3, requests.get(2).cursorAfter());
    }

    private void stage(final RequestAssembler assembler, final long sequence, final long... productAndAvailable)
    {
        for (int i = 0; i < productAndAvailable.length; i += 2)
        {
            assembler.onAvailability(replica, (int)productAndAvailable[i], productAndAvailable[i + 1], sequence);
        }
    }

    private static String body(final WebhookRequest request)
    {
        return new String(request.body(), StandardCharsets.UTF_8);
    }
}
