package dev.stockcore.engine.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Sanity checks of the reference model itself: short scripts with their exact expected output. */
class ReferenceModelTest
{
    /** Applies {@code command, expected} pairs in order, checking each output and the model's own consistency. */
    private static void assertScript(final ReferenceModel model, final String... commandThenExpected)
    {
        for (int i = 0; i < commandThenExpected.length; i += 2)
        {
            final String command = commandThenExpected[i];
            assertEquals(commandThenExpected[i + 1], model.apply(command), "line: " + command);
            model.checkConsistency();
        }
    }

    @Test
    void shouldShareStockBetweenSourceAndConsumer()
    {
        final ReferenceModel model = new ReferenceModel();
        assertScript(model,
            "product A", "OK",
            "product B", "OK",
            "adjust A 10", "OK",
            "link B A", "OK",
            "level B", "physical=0 reserved=0 available=10 source=A",
            "reserve 1 B 3", "OK",
            "level A", "physical=10 reserved=3 available=7 source=-",
            "level B", "physical=0 reserved=3 available=7 source=A",
            "reserve 2 A 5 B 3", "INSUFFICIENT_STOCK",
            "reserve 2 A 4 B 3", "OK",
            "level A", "physical=10 reserved=10 available=0 source=-",
            "adjust B 5", "CONSUMER_STOCK_LOCKED",
            "count B 0", "CONSUMER_STOCK_LOCKED",
            "adjust A -1", "INSUFFICIENT_STOCK",
            "count A 9", "INSUFFICIENT_STOCK",
            "commit 1", "OK",
            "level A", "physical=7 reserved=7 available=0 source=-",
            "level B", "physical=0 reserved=3 available=0 source=A",
            "commit 1", "RESERVATION_CLOSED");
        assertEquals(7, model.physical("A"));
        assertEquals(0, model.physical("B"));
        assertEquals(7, model.reservedHeld("A"));
        assertEquals(0, model.reservedHeld("B"));
        assertEquals(0, model.available("B"));
        assertEquals("A", model.source("B"));
        assertEquals(null, model.source("A"));
        assertEquals(10, model.totalAdjustedIn());
        assertEquals(3, model.totalCommitted());
    }

    @Test
    void shouldReserveAllOrNothingAcrossHolders()
    {
        final ReferenceModel model = new ReferenceModel();
        assertScript(model,
            "product A", "OK",
            "product C", "OK",
            "adjust A 5", "OK",
            "adjust C 1", "OK",
            "reserve 1 A 5 C 2", "INSUFFICIENT_STOCK",
            "level A", "physical=5 reserved=0 available=5 source=-",
            "level C", "physical=1 reserved=0 available=1 source=-",
            "reserve 1 A 3 C 1 A 3", "INSUFFICIENT_STOCK",
            "reserve 1 A 3 C 1 A 2", "OK",
            "level A", "physical=5 reserved=5 available=0 source=-",
            "level C", "physical=1 reserved=1 available=0 source=-",
            "commit 1 A 6", "INVALID_QUANTITY",
            "commit 1 A 5", "OK",
            "level A", "physical=0 reserved=0 available=0 source=-");
    }

    @Test
    void shouldExpireAtTtlAndForgetAfterRetention()
    {
        final ReferenceModel model = new ReferenceModel();
        assertScript(model,
            "product A", "OK",
            "adjust A 10", "OK",
            "time 1000", "OK",
            "reserve 7 ttl=500 A 2", "OK",
            "time 1499", "OK",
            "level A", "physical=10 reserved=2 available=8 source=-",
            "time 1500", "OK",
            "level A", "physical=10 reserved=0 available=10 source=-",
            "release 7", "RESERVATION_EXPIRED",
            "commit 7", "RESERVATION_EXPIRED",
            "reserve 7 A 1", "DUPLICATE_RESERVATION",
            "time 86401499", "OK",
            "reserve 7 A 1", "DUPLICATE_RESERVATION",
            "time 86401500", "OK",
            "commit 7", "UNKNOWN_RESERVATION",
            "reserve 7 A 1", "OK",
            "time 86401499", "INVALID_COMMAND",
            "time 86401500", "OK",
            "level A", "physical=10 reserved=1 available=9 source=-");
        assertEquals(86_401_500L, model.time());
    }

    @Test
    void shouldExpireWhatIsLeftAfterPartialCommit()
    {
        final ReferenceModel model = new ReferenceModel(100);
        assertScript(model,
            "product A", "OK",
            "adjust A 10", "OK",
            "reserve 2 ttl=10 A 4", "OK",
            "commit 2 A 1", "OK",
            "time 9", "OK",
            "level A", "physical=9 reserved=3 available=6 source=-",
            "time 10", "OK",
            "level A", "physical=9 reserved=0 available=9 source=-",
            "release 2", "RESERVATION_EXPIRED",
            "time 109", "OK",
            "release 2", "RESERVATION_EXPIRED",
            "time 110", "OK",
            "release 2", "UNKNOWN_RESERVATION");
    }

    @Test
    void shouldNeverRestoreStockTwiceOnDoubleRelease()
    {
        final ReferenceModel model = new ReferenceModel();
        assertScript(model,
            "product A", "OK",
            "adjust A 10", "OK",
            "reserve 1 A 3", "OK",
            "release 1", "OK",
            "release 1", "RESERVATION_CLOSED",
            "commit 1", "RESERVATION_CLOSED",
            "reserve 1 A 3", "DUPLICATE_RESERVATION",
            "level A", "physical=10 reserved=0 available=10 source=-",
            "release 2", "UNKNOWN_RESERVATION");
    }

    @Test
    void shouldCommitPartiallyWithCodesInSpecifiedOrder()
    {
        final ReferenceModel model = new ReferenceModel();
        assertScript(model,
            "product A", "OK",
            "product B", "OK",
            "adjust A 10", "OK",
            "adjust B 10", "OK",
            "reserve 1 A 3 B 2", "OK",
            "commit 1 A 1 A 1", "OK",
            "level A", "physical=8 reserved=1 available=7 source=-",
            "commit 1 C 1", "LINE_NOT_FOUND",
            "commit 1 A 2 C 1", "LINE_NOT_FOUND",
            "commit 1 A 2", "INVALID_QUANTITY",
            "commit 1 A 0", "INVALID_QUANTITY",
            "commit 9 A 0", "INVALID_QUANTITY",
            "commit 9 A 1", "UNKNOWN_RESERVATION",
            "commit 1 A x", "INVALID_COMMAND",
            "commit 1 A", "INVALID_COMMAND",
            "commit 1 A 1", "OK",
            "commit 1 A 1", "INVALID_QUANTITY",
            "commit 1", "OK",
            "level B", "physical=8 reserved=0 available=8 source=-",
            "commit 1", "RESERVATION_CLOSED",
            "commit 1 Z 1", "RESERVATION_CLOSED");
        assertEquals(5, model.totalCommitted());
    }

    @Test
    void shouldApplyLinkRulesAndKeepReservationsOnOldSourceAfterUnlink()
    {
        final ReferenceModel model = new ReferenceModel();
        assertScript(model,
            "product A", "OK",
            "product B", "OK",
            "product C", "OK",
            "adjust A 10", "OK",
            "adjust C 5", "OK",
            "link Z A", "UNKNOWN_PRODUCT",
            "link A Z", "UNKNOWN_PRODUCT",
            "link A A", "SELF_LINK",
            "link B A", "OK",
            "link B B", "SELF_LINK",
            "link B C", "ALREADY_LINKED",
            "link A C", "CONSUMER_IS_SOURCE",
            "link C B", "SOURCE_IS_CONSUMER",
            "link C A", "CONSUMER_HAS_STOCK",
            "reserve 1 B 4", "OK",
            "unlink B", "OK",
            "unlink B", "NOT_LINKED",
            "unlink Z", "UNKNOWN_PRODUCT",
            "level Z", "UNKNOWN_PRODUCT",
            "level B", "physical=0 reserved=0 available=0 source=-",
            "level A", "physical=10 reserved=4 available=6 source=-",
            "link B C", "OK",
            "level B", "physical=0 reserved=4 available=5 source=C",
            "reserve 2 B 5", "OK",
            "level B", "physical=0 reserved=9 available=0 source=C",
            "level C", "physical=5 reserved=5 available=0 source=-",
            "commit 1", "OK",
            "level A", "physical=6 reserved=0 available=6 source=-",
            "level B", "physical=0 reserved=5 available=0 source=C",
            "count A 0", "OK",
            "link A C", "OK",
            "level A", "physical=0 reserved=0 available=0 source=C");
    }

    @Test
    void shouldFollowTheSyntaxEdgeRules()
    {
        final ReferenceModel model = new ReferenceModel();
        assertNull(model.apply(""));
        assertNull(model.apply(" \t "));
        assertNull(model.apply("\r"));
        assertNull(model.apply("# a comment"));
        assertNull(model.apply("#product A"));
        assertScript(model,
            " # not a comment", "INVALID_COMMAND",
            "\tproduct  \t A\r", "OK",
            "Product B", "INVALID_COMMAND",
            "frobnicate", "INVALID_COMMAND",
            "product A", "DUPLICATE_PRODUCT",
            "product a", "OK",
            "product A!", "INVALID_COMMAND",
            "product", "INVALID_COMMAND",
            "product A B", "INVALID_COMMAND",
            "product " + "x".repeat(65), "INVALID_COMMAND",
            "product " + "x".repeat(64), "OK",
            "product a.b_c-9", "OK",
            "adjust A +5", "INVALID_COMMAND",
            "adjust A 1e3", "INVALID_COMMAND",
            "adjust A 99999999999999999999", "INVALID_COMMAND",
            "adjust A -", "INVALID_COMMAND",
            "adjust A -9223372036854775808", "INVALID_QUANTITY",
            "adjust A 0", "INVALID_QUANTITY",
            "adjust A -0", "INVALID_QUANTITY",
            "adjust A 1000000000001", "INVALID_QUANTITY",
            "adjust Z 0 x", "INVALID_COMMAND",
            "adjust Z 0", "INVALID_QUANTITY",
            "adjust Z 5", "UNKNOWN_PRODUCT",
            "adjust A -1", "INSUFFICIENT_STOCK",
            "adjust A 5 1.23456", "INVALID_COMMAND",
            "adjust A 5 .5", "INVALID_COMMAND",
            "adjust A 5 5.", "INVALID_COMMAND",
            "adjust A 5 -1", "INVALID_COMMAND",
            "adjust A 5 922337203685477.5808", "INVALID_COMMAND",
            "adjust A 5 922337203685477.5807", "OK",
            "adjust A 5 1.5", "OK",
            "adjust A 5 1 2", "INVALID_COMMAND",
            "count A 10 2", "OK",
            "count A 10", "OK",
            "count A -1", "INVALID_QUANTITY",
            "count A 1000000000001", "INVALID_QUANTITY",
            "level A", "physical=10 reserved=0 available=10 source=-",
            "level A A", "INVALID_COMMAND",
            "reserve 0 A 1", "INVALID_COMMAND",
            "reserve -1 A 1", "INVALID_COMMAND",
            "reserve 1", "INVALID_COMMAND",
            "reserve 1 ttl=5", "INVALID_COMMAND",
            "reserve 1 A 1 ttl=5", "INVALID_COMMAND",
            "reserve 1 ttl=+5 A 1", "INVALID_COMMAND",
            "reserve 1 ttl=0 Q 0", "INVALID_QUANTITY",
            "reserve 1 ttl=1000000000001 A 1", "INVALID_QUANTITY",
            "reserve 1 ttl=5 Q 1", "UNKNOWN_PRODUCT",
            "reserve 1 A 1000000001", "INVALID_QUANTITY",
            "reserve 1 A 1 " + "A 1 ".repeat(64), "INVALID_COMMAND",
            "reserve 1 " + "A 1 ".repeat(64), "INSUFFICIENT_STOCK",
            "reserve 1 " + "A 0 ".repeat(64), "INVALID_QUANTITY",
            "commit 1 A 1 " + "A 1 ".repeat(64), "INVALID_COMMAND",
            "reserve 1 A 10", "OK",
            "release 1 A", "INVALID_COMMAND",
            "release 0", "INVALID_COMMAND",
            "time -1", "INVALID_COMMAND",
            "time 0", "OK",
            "time 5 6", "INVALID_COMMAND");
    }

    @Test
    void shouldCapPhysicalStockAtTenToTheFifteen()
    {
        final ReferenceModel model = new ReferenceModel();
        assertEquals("OK", model.apply("product X"));
        for (int i = 0; i < 1000; i++)
        {
            assertEquals("OK", model.apply("adjust X 1000000000000"));
        }
        assertScript(model,
            "adjust X 1", "INVALID_QUANTITY",
            "level X", "physical=1000000000000000 reserved=0 available=1000000000000000 source=-",
            "count X 0", "OK");
        assertEquals(0, model.physical("X"));
        assertEquals(0, model.totalAdjustedIn());
    }

    @Test
    void shouldNeverExpireWhenDeadlineIsBeyondLongMaxValue()
    {
        final ReferenceModel model = new ReferenceModel();
        assertScript(model,
            "product A", "OK",
            "adjust A 10", "OK",
            "time 9223372036854775000", "OK",
            "reserve 1 ttl=1000000000000 A 1", "OK",
            "reserve 2 ttl=807 A 1", "OK",
            "time 9223372036854775806", "OK",
            "level A", "physical=10 reserved=2 available=8 source=-",
            "time 9223372036854775807", "OK",
            // 2 expires exactly at Long.MAX_VALUE; 1 would expire past it, so never
            "level A", "physical=10 reserved=1 available=9 source=-",
            "commit 2", "RESERVATION_EXPIRED",
            // closedAt + retention is past Long.MAX_VALUE: remembered for ever
            "release 1", "OK",
            "release 1", "RESERVATION_CLOSED");
    }

    @Test
    void shouldStayConsistentUnderRandomLines()
    {
        final Random random = new Random(42);
        final ReferenceModel model = new ReferenceModel(50);
        final String[] skus = {"A", "B", "C", "D"};
        final List<String> outputs = new ArrayList<>();
        long time = 0;
        for (int i = 0; i < 20_000; i++)
        {
            final String sku = skus[random.nextInt(skus.length)];
            final String other = skus[random.nextInt(skus.length)];
            final int id = 1 + random.nextInt(20);
            final String line;
            switch (random.nextInt(10))
            {
                case 0: line = "product " + sku; break;
                case 1: line = "adjust " + sku + " " + (random.nextInt(21) - 8); break;
                case 2: line = "link " + sku + " " + other; break;
                case 3: line = "unlink " + sku; break;
                case 4: time += random.nextInt(5); line = "time " + time; break;
                case 5: line = "reserve " + id + (random.nextBoolean() ? " ttl=" + (1 + random.nextInt(20)) : "") +
                    " " + sku + " " + (1 + random.nextInt(4)) + " " + other + " " + (1 + random.nextInt(3));
                    break;
                case 6: line = "commit " + id + (random.nextBoolean() ? "" : " " + sku + " " + (1 + random.nextInt(3)));
                    break;
                case 7: line = "release " + id; break;
                case 8: line = "count " + sku + " " + random.nextInt(12); break;
                default: line = "level " + sku; break;
            }
            final String output = model.apply(line);
            outputs.add(output);
            model.checkConsistency();
            for (final String s : model.skus())
            {
                final String source = model.source(s);
                assertEquals(model.available(source == null ? s : source), model.available(s));
            }
        }
        assertEquals(20_000, outputs.size());
        assertEquals(true, outputs.stream().filter("OK"::equals).count() > 2_000, "too few accepted commands");
        assertEquals(true, model.totalCommitted() > 0, "nothing was ever committed");
    }
}
