package dev.stockcore.engine;

import org.agrona.DirectBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.stockcore.engine.EngineLimits.DEFAULT_RETENTION_MILLIS;
import static dev.stockcore.engine.EngineLimits.MAX_ADJUST_DELTA;
import static dev.stockcore.engine.EngineLimits.MAX_COUNT;
import static dev.stockcore.engine.EngineLimits.MAX_LINES;
import static dev.stockcore.engine.EngineLimits.MAX_LINE_QUANTITY;
import static dev.stockcore.engine.EngineLimits.MAX_PHYSICAL;
import static dev.stockcore.engine.EngineLimits.MAX_TTL_MILLIS;
import static dev.stockcore.engine.EngineLimits.NO_COST;
import static dev.stockcore.engine.EngineLimits.NO_TTL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The engine through its Java API: one behaviour per test, covering every shared-stock rule (1-7) and
 * every {@link Result}. Products A, B and C are registered (indices 0, 1, 2) and start empty; every test
 * ends with the engine's own invariant check.
 */
class StockEngineTest
{
    private static final int UNREGISTERED = -1;

    private final BatchCounter batches = new BatchCounter();
    private final StockEngine engine = new StockEngine(batches);
    private final OrderLines lines = new OrderLines();
    private int a;
    private int b;
    private int c;

    @BeforeEach
    void registerProducts()
    {
        assertEquals(Result.OK, engine.addProduct("A"));
        assertEquals(Result.OK, engine.addProduct("B"));
        assertEquals(Result.OK, engine.addProduct("C"));
        a = engine.productIndex("A");
        b = engine.productIndex("B");
        c = engine.productIndex("C");
    }

    @AfterEach
    void invariantsHold()
    {
        assertNull(engine.checkInvariants());
    }

    // ---------------------------------------------------------------------------------------------
    // Products
    // ---------------------------------------------------------------------------------------------

    @Test
    void shouldGiveProductsDenseIndicesInRegistrationOrder()
    {
        assertEquals(0, a);
        assertEquals(1, b);
        assertEquals(2, c);
        assertEquals(3, engine.productCount());
        assertEquals("B", engine.sku(b));
    }

    @Test
    void shouldRejectDuplicateProduct()
    {
        assertEquals(Result.DUPLICATE_PRODUCT, engine.addProduct("B"));
        assertEquals(3, engine.productCount());
    }

    @Test
    void shouldTreatSkusAsCaseSensitive()
    {
        assertEquals(Result.OK, engine.addProduct("a"));
        assertEquals(3, engine.productIndex("a"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "has space", "a/b", "caf\u00e9", "tab\t", "semi;colon",
        "12345678901234567890123456789012345678901234567890123456789012345" })
    void shouldRejectInvalidSku(final String sku)
    {
        assertEquals(Result.INVALID_COMMAND, engine.addProduct(sku));
        assertEquals(3, engine.productCount());
    }

    @Test
    void shouldRejectNullSku()
    {
        assertEquals(Result.INVALID_COMMAND, engine.addProduct(null));
        assertEquals(3, engine.productCount());
    }

    @Test
    void shouldAcceptSkuOf64Characters()
    {
        final String sku = "Az09._-xAz09._-xAz09._-xAz09._-xAz09._-xAz09._-xAz09._-xAz09._-x";
        assertEquals(64, sku.length());

        assertEquals(Result.OK, engine.addProduct(sku));
        assertEquals(sku, engine.sku(engine.productIndex(sku)));
    }

    @Test
    void shouldGrowBeyondProductCapacityHint()
    {
        final StockEngine small = new StockEngine(null, 1, 1, DEFAULT_RETENTION_MILLIS);
        for (int i = 0; i < 100; i++)
        {
            assertEquals(Result.OK, small.addProduct("P" + i));
            assertEquals(Result.OK, small.adjust(i, i + 1, NO_COST));
        }

        assertEquals(100, small.productCount());
        assertEquals(100, small.physical(small.productIndex("P99")));
        assertNull(small.checkInvariants());
    }

    // ---------------------------------------------------------------------------------------------
    // Adjust and count
    // ---------------------------------------------------------------------------------------------

    @Test
    void shouldMovePhysicalByAdjustDelta()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.adjust(a, -3, NO_COST));

        assertEquals(7, engine.physical(a));
        assertEquals(7, engine.available(a));
    }

    @Test
    void shouldRejectAdjustBelowZero()
    {
        assertEquals(Result.OK, engine.adjust(a, 5, NO_COST));

        assertEquals(Result.INSUFFICIENT_STOCK, engine.adjust(a, -6, NO_COST));
        assertEquals(5, engine.physical(a));
    }

    @Test
    void shouldRejectAdjustBelowReservedHeld()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 6)));

        assertEquals(Result.INSUFFICIENT_STOCK, engine.adjust(a, -5, NO_COST));
        assertEquals(10, engine.physical(a));
        assertEquals(6, engine.reservedHeld(a));
    }

    @Test
    void shouldAllowAdjustDownToReservedHeld()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 6)));

        assertEquals(Result.OK, engine.adjust(a, -4, NO_COST));
        assertEquals(0, engine.available(a));
    }

    @ParameterizedTest
    @ValueSource(longs = { 0, MAX_ADJUST_DELTA + 1, -MAX_ADJUST_DELTA - 1, Long.MAX_VALUE, Long.MIN_VALUE })
    void shouldRejectAdjustDeltaOutOfRange(final long delta)
    {
        assertEquals(Result.INVALID_QUANTITY, engine.adjust(a, delta, NO_COST));
        assertEquals(0, engine.physical(a));
    }

    @Test
    void shouldAcceptLargestAdjustDelta()
    {
        assertEquals(Result.OK, engine.adjust(a, MAX_ADJUST_DELTA, NO_COST));
        assertEquals(MAX_ADJUST_DELTA, engine.physical(a));
    }

    @Test
    void shouldRejectAdjustAbovePhysicalLimit()
    {
        for (long total = 0; total < MAX_PHYSICAL; total += MAX_ADJUST_DELTA)
        {
            assertEquals(Result.OK, engine.adjust(a, MAX_ADJUST_DELTA, NO_COST));
        }

        assertEquals(Result.INVALID_QUANTITY, engine.adjust(a, 1, NO_COST));
        assertEquals(MAX_PHYSICAL, engine.physical(a));
    }

    @ParameterizedTest
    @ValueSource(longs = { -2, -10_000, Long.MIN_VALUE })
    void shouldRejectNegativeUnitCost(final long unitCost)
    {
        assertEquals(Result.INVALID_COMMAND, engine.adjust(a, 5, unitCost));
        assertEquals(0, engine.physical(a));
    }

    @ParameterizedTest
    @ValueSource(ints = { UNREGISTERED, 3, 1_000, Integer.MIN_VALUE, Integer.MAX_VALUE })
    void shouldRejectAdjustOfUnknownProduct(final int product)
    {
        assertEquals(Result.UNKNOWN_PRODUCT, engine.adjust(product, 5, NO_COST));
    }

    @Test
    void shouldAnswerInvalidQuantityBeforeUnknownProductOnAdjust()
    {
        assertEquals(Result.INVALID_QUANTITY, engine.adjust(UNREGISTERED, 0, NO_COST));
    }

    @Test
    void shouldSetPhysicalOnCount()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));

        assertEquals(Result.OK, engine.count(a, 4, NO_COST));
        assertEquals(4, engine.physical(a));
    }

    @Test
    void shouldEmitNoMovementForCountEqualToPhysical()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, 1_0000L));
        final int batchesBefore = batches.count;
        final long sequenceBefore = engine.sequence();
        final long hashBefore = engine.stateHash();

        assertEquals(Result.OK, engine.count(a, 10, 5_0000L));
        assertEquals(batchesBefore, batches.count);
        assertEquals(sequenceBefore, engine.sequence());
        assertEquals(hashBefore, engine.stateHash());
    }

    @Test
    void shouldRejectCountBelowReservedHeld()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 6)));

        assertEquals(Result.INSUFFICIENT_STOCK, engine.count(a, 5, NO_COST));
        assertEquals(10, engine.physical(a));
    }

    @ParameterizedTest
    @ValueSource(longs = { -1, MAX_COUNT + 1, Long.MIN_VALUE })
    void shouldRejectCountOutOfRange(final long quantity)
    {
        assertEquals(Result.INVALID_QUANTITY, engine.count(a, quantity, NO_COST));
    }

    @Test
    void shouldAcceptCountToZero()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));

        assertEquals(Result.OK, engine.count(a, 0, NO_COST));
        assertEquals(0, engine.physical(a));
    }

    @Test
    void shouldRejectCountOfUnknownProduct()
    {
        assertEquals(Result.UNKNOWN_PRODUCT, engine.count(7, 1, NO_COST));
    }

    // ---------------------------------------------------------------------------------------------
    // Rule 1: both must be registered
    // ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = { UNREGISTERED, 3, Integer.MAX_VALUE })
    void shouldRejectLinkOfUnknownConsumer(final int consumer)
    {
        assertEquals(Result.UNKNOWN_PRODUCT, engine.link(consumer, a));
        assertEquals(0, engine.consumerCount(a));
    }

    @ParameterizedTest
    @ValueSource(ints = { UNREGISTERED, 3, Integer.MAX_VALUE })
    void shouldRejectLinkToUnknownSource(final int source)
    {
        assertEquals(Result.UNKNOWN_PRODUCT, engine.link(b, source));
        assertEquals(-1, engine.source(b));
    }

    @Test
    void shouldAnswerUnknownProductBeforeSelfLink()
    {
        assertEquals(Result.UNKNOWN_PRODUCT, engine.link(UNREGISTERED, UNREGISTERED));
    }

    // ---------------------------------------------------------------------------------------------
    // Rule 2: at most one source, never itself
    // ---------------------------------------------------------------------------------------------

    @Test
    void shouldRejectSelfLink()
    {
        assertEquals(Result.SELF_LINK, engine.link(a, a));
        assertEquals(-1, engine.source(a));
    }

    @Test
    void shouldRejectSecondSourceForConsumer()
    {
        assertEquals(Result.OK, engine.link(b, a));

        assertEquals(Result.ALREADY_LINKED, engine.link(b, c));
        assertEquals(a, engine.source(b));
        assertEquals(0, engine.consumerCount(c));
    }

    @Test
    void shouldRejectRepeatedLinkToSameSource()
    {
        assertEquals(Result.OK, engine.link(b, a));

        assertEquals(Result.ALREADY_LINKED, engine.link(b, a));
        assertEquals(1, engine.consumerCount(a));
    }

    // ---------------------------------------------------------------------------------------------
    // Rule 3: any number of consumers
    // ---------------------------------------------------------------------------------------------

    @Test
    void shouldAllowSourceWithManyConsumers()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));

        assertEquals(Result.OK, engine.link(b, a));
        assertEquals(Result.OK, engine.link(c, a));
        assertEquals(2, engine.consumerCount(a));
        assertEquals(10, engine.available(b));
        assertEquals(10, engine.available(c));
    }

    // ---------------------------------------------------------------------------------------------
    // Rule 4: only a product without stock may become a consumer
    // ---------------------------------------------------------------------------------------------

    @Test
    void shouldRejectLinkWhenConsumerHasStock()
    {
        assertEquals(Result.OK, engine.adjust(b, 1, NO_COST));

        assertEquals(Result.CONSUMER_HAS_STOCK, engine.link(b, a));
        assertEquals(-1, engine.source(b));
        assertEquals(0, engine.consumerCount(a));
    }

    @Test
    void shouldRejectLinkWhenConsumerStockIsHeldByReservation()
    {
        assertEquals(Result.OK, engine.adjust(b, 3, NO_COST));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(b, 3)));

        assertEquals(Result.CONSUMER_HAS_STOCK, engine.link(b, a));
    }

    @Test
    void shouldAllowLinkOnceStockIsCountedToZero()
    {
        assertEquals(Result.OK, engine.adjust(b, 3, NO_COST));
        assertEquals(Result.OK, engine.count(b, 0, NO_COST));

        assertEquals(Result.OK, engine.link(b, a));
    }

    @Test
    void shouldAllowLinkWhenOnlyOrdersThroughProductAreHeldElsewhere()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.link(b, a));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(b, 4)));
        assertEquals(Result.OK, engine.unlink(b));
        assertEquals(Result.OK, engine.adjust(c, 5, NO_COST));

        assertEquals(Result.OK, engine.link(b, c));
        assertEquals(4, engine.reservedOrdered(b));
        assertEquals(4, engine.reservedHeld(a));
        assertEquals(0, engine.reservedHeld(c));
    }

    // ---------------------------------------------------------------------------------------------
    // Rule 5: a consumer's physical stock cannot be moved
    // ---------------------------------------------------------------------------------------------

    @Test
    void shouldRejectAdjustOfConsumer()
    {
        assertEquals(Result.OK, engine.link(b, a));

        assertEquals(Result.CONSUMER_STOCK_LOCKED, engine.adjust(b, 5, NO_COST));
        assertEquals(0, engine.physical(b));
        assertEquals(0, engine.physical(a));
    }

    @ParameterizedTest
    @ValueSource(longs = { 0, 5 })
    void shouldRejectCountOfConsumer(final long quantity)
    {
        assertEquals(Result.OK, engine.link(b, a));

        assertEquals(Result.CONSUMER_STOCK_LOCKED, engine.count(b, quantity, NO_COST));
        assertEquals(0, engine.physical(b));
    }

    @Test
    void shouldAnswerConsumerStockLockedBeforeInsufficientStock()
    {
        assertEquals(Result.OK, engine.link(b, a));

        assertEquals(Result.CONSUMER_STOCK_LOCKED, engine.adjust(b, -5, NO_COST));
    }

    // ---------------------------------------------------------------------------------------------
    // Rule 6: no chains
    // ---------------------------------------------------------------------------------------------

    @Test
    void shouldRejectLinkToSourceThatIsConsumer()
    {
        assertEquals(Result.OK, engine.link(b, a));

        assertEquals(Result.SOURCE_IS_CONSUMER, engine.link(c, b));
        assertEquals(-1, engine.source(c));
        assertEquals(0, engine.consumerCount(b));
    }

    @Test
    void shouldRejectLinkOfProductThatHasConsumers()
    {
        assertEquals(Result.OK, engine.link(b, a));

        assertEquals(Result.CONSUMER_IS_SOURCE, engine.link(a, c));
        assertEquals(-1, engine.source(a));
    }

    @Test
    void shouldAnswerConsumerIsSourceBeforeSourceIsConsumer()
    {
        assertEquals(Result.OK, engine.link(b, a));
        assertEquals(Result.OK, engine.addProduct("D"));
        assertEquals(Result.OK, engine.link(engine.productIndex("D"), c));

        assertEquals(Result.CONSUMER_IS_SOURCE, engine.link(a, engine.productIndex("D")));
    }

    @Test
    void shouldAnswerSourceIsConsumerBeforeConsumerHasStock()
    {
        assertEquals(Result.OK, engine.link(b, a));
        assertEquals(Result.OK, engine.adjust(c, 1, NO_COST));

        assertEquals(Result.SOURCE_IS_CONSUMER, engine.link(c, b));
    }

    // ---------------------------------------------------------------------------------------------
    // Rule 7: unlink
    // ---------------------------------------------------------------------------------------------

    @Test
    void shouldRejectUnlinkOfStandaloneProduct()
    {
        assertEquals(Result.NOT_LINKED, engine.unlink(b));
    }

    @Test
    void shouldRejectUnlinkOfUnknownProduct()
    {
        assertEquals(Result.UNKNOWN_PRODUCT, engine.unlink(UNREGISTERED));
    }

    @Test
    void shouldReturnConsumerToStandaloneOnUnlink()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.link(b, a));

        assertEquals(Result.OK, engine.unlink(b));
        assertEquals(-1, engine.source(b));
        assertEquals(b, engine.holder(b));
        assertEquals(0, engine.consumerCount(a));
        assertEquals(0, engine.available(b));
        assertEquals(Result.OK, engine.adjust(b, 2, NO_COST));
        assertEquals(2, engine.physical(b));
    }

    @Test
    void shouldKeepReservationHeldAgainstOldSourceAfterUnlink()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.link(b, a));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(b, 4)));

        assertEquals(Result.OK, engine.unlink(b));
        assertEquals(4, engine.reservedHeld(a));
        assertEquals(6, engine.available(a));
        assertEquals(0, engine.reservedHeld(b));
        assertEquals(4, engine.reservedOrdered(b));
        assertEquals(4, engine.openQuantity(1, b));
    }

    @Test
    void shouldCommitAgainstOldSourceAfterUnlink()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.link(b, a));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(b, 4)));
        assertEquals(Result.OK, engine.unlink(b));

        assertEquals(Result.OK, engine.commit(1, lines.clear()));
        assertEquals(6, engine.physical(a));
        assertEquals(0, engine.reservedHeld(a));
        assertEquals(0, engine.physical(b));
        assertEquals(0, engine.reservedOrdered(b));
    }

    @Test
    void shouldReleaseToOldSourceAfterUnlink()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.link(b, a));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(b, 4)));
        assertEquals(Result.OK, engine.unlink(b));

        assertEquals(Result.OK, engine.release(1));
        assertEquals(10, engine.available(a));
        assertEquals(0, engine.available(b));
    }

    // ---------------------------------------------------------------------------------------------
    // Holder and availability
    // ---------------------------------------------------------------------------------------------

    @Test
    void shouldLowerConsumerAvailabilityWhenSourceIsReserved()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.link(b, a));

        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 3)));
        assertEquals(7, engine.available(b));
        assertEquals(a, engine.holder(b));
    }

    @Test
    void shouldLowerSourceAvailabilityWhenConsumerIsReserved()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.link(b, a));

        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(b, 3)));
        assertEquals(7, engine.available(a));
        assertEquals(3, engine.reservedHeld(a));
        assertEquals(0, engine.reservedHeld(b));
        assertEquals(3, engine.reservedOrdered(b));
        assertEquals(0, engine.reservedOrdered(a));
    }

    // ---------------------------------------------------------------------------------------------
    // Reserve
    // ---------------------------------------------------------------------------------------------

    @Test
    void shouldReserveNothingWhenSummedDemandOnOneHolderIsTooHigh()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.adjust(c, 100, NO_COST));
        assertEquals(Result.OK, engine.link(b, a));
        final long sequenceBefore = engine.sequence();

        assertEquals(Result.INSUFFICIENT_STOCK, engine.reserve(1, NO_TTL, lines.clear().add(c, 1).add(b, 6).add(a, 5)));
        assertEquals(0, engine.reservedHeld(a));
        assertEquals(0, engine.reservedHeld(c));
        assertEquals(0, engine.reservedOrdered(b));
        assertEquals(Result.UNKNOWN_RESERVATION, engine.reservationState(1));
        assertEquals(sequenceBefore, engine.sequence());
    }

    @Test
    void shouldReserveWhenSummedDemandOnOneHolderFits()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.link(b, a));

        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(b, 6).add(a, 4)));
        assertEquals(10, engine.reservedHeld(a));
        assertEquals(6, engine.reservedOrdered(b));
        assertEquals(4, engine.reservedOrdered(a));
        assertEquals(0, engine.available(b));
    }

    @Test
    void shouldMergeLinesOfSameProduct()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));

        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 3).add(a, 4)));
        assertEquals(7, engine.openQuantity(1, a));
        assertEquals(7, engine.reservedHeld(a));
    }

    @Test
    void shouldAcceptMergedQuantityAboveLineLimit()
    {
        assertEquals(Result.OK, engine.adjust(a, 3 * MAX_LINE_QUANTITY, NO_COST));

        assertEquals(Result.OK, engine.reserve(1, NO_TTL,
            lines.clear().add(a, MAX_LINE_QUANTITY).add(a, MAX_LINE_QUANTITY).add(a, MAX_LINE_QUANTITY)));
        assertEquals(3 * MAX_LINE_QUANTITY, engine.openQuantity(1, a));
    }

    @Test
    void shouldRejectReservationWhenHolderLacksStock()
    {
        assertEquals(Result.OK, engine.adjust(a, 2, NO_COST));

        assertEquals(Result.INSUFFICIENT_STOCK, engine.reserve(1, NO_TTL, lines.clear().add(a, 3)));
        assertEquals(2, engine.available(a));
    }

    @Test
    void shouldRejectDuplicateOpenReservation()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 3)));

        assertEquals(Result.DUPLICATE_RESERVATION, engine.reserve(1, NO_TTL, lines.clear().add(a, 5)));
        assertEquals(3, engine.reservedHeld(a));
        assertEquals(3, engine.openQuantity(1, a));
    }

    @Test
    void shouldAnswerUnknownProductBeforeDuplicateReservation()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 3)));

        assertEquals(Result.UNKNOWN_PRODUCT, engine.reserve(1, NO_TTL, lines.clear().add(a, 1).add(UNREGISTERED, 1)));
    }

    @Test
    void shouldAnswerDuplicateReservationBeforeInsufficientStock()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 10)));

        assertEquals(Result.DUPLICATE_RESERVATION, engine.reserve(1, NO_TTL, lines.clear().add(a, 1)));
    }

    @Test
    void shouldRejectReservationOfUnknownProduct()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));

        assertEquals(Result.UNKNOWN_PRODUCT, engine.reserve(1, NO_TTL, lines.clear().add(a, 1).add(UNREGISTERED, 1)));
        assertEquals(0, engine.reservedHeld(a));
    }

    @ParameterizedTest
    @ValueSource(longs = { 0, -1, Long.MIN_VALUE })
    void shouldRejectNonPositiveReservationId(final long reservationId)
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));

        assertEquals(Result.INVALID_COMMAND, engine.reserve(reservationId, NO_TTL, lines.clear().add(a, 1)));
        assertEquals(0, engine.reservedHeld(a));
    }

    @Test
    void shouldAcceptLargestReservationId()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));

        assertEquals(Result.OK, engine.reserve(Long.MAX_VALUE, NO_TTL, lines.clear().add(a, 1)));
        assertEquals(Result.OK, engine.reservationState(Long.MAX_VALUE));
    }

    @Test
    void shouldRejectReservationWithoutLines()
    {
        assertEquals(Result.INVALID_COMMAND, engine.reserve(1, NO_TTL, lines.clear()));
    }

    @Test
    void shouldRejectReservationOf65Lines()
    {
        assertEquals(Result.OK, engine.adjust(a, 1_000, NO_COST));
        lines.clear();
        for (int i = 0; i < MAX_LINES + 1; i++)
        {
            lines.add(a, 1);
        }
        assertEquals(65, lines.count());

        assertEquals(Result.INVALID_COMMAND, engine.reserve(1, NO_TTL, lines));
        assertEquals(0, engine.reservedHeld(a));
    }

    @Test
    void shouldAcceptReservationOf64Lines()
    {
        assertEquals(Result.OK, engine.adjust(a, 1_000, NO_COST));
        lines.clear();
        for (int i = 0; i < MAX_LINES; i++)
        {
            lines.add(a, 1);
        }

        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines));
        assertEquals(64, engine.reservedHeld(a));
    }

    @ParameterizedTest
    @ValueSource(longs = { 0, -1, MAX_LINE_QUANTITY + 1, Long.MIN_VALUE, Long.MAX_VALUE })
    void shouldRejectReserveLineQuantityOutOfRange(final long quantity)
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));

        assertEquals(Result.INVALID_QUANTITY, engine.reserve(1, NO_TTL, lines.clear().add(a, 1).add(a, quantity)));
        assertEquals(0, engine.reservedHeld(a));
    }

    @ParameterizedTest
    @ValueSource(longs = { -1, MAX_TTL_MILLIS + 1, Long.MIN_VALUE })
    void shouldRejectTtlOutOfRange(final long ttlMillis)
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));

        assertEquals(Result.INVALID_QUANTITY, engine.reserve(1, ttlMillis, lines.clear().add(a, 1)));
    }

    @Test
    void shouldAnswerInvalidQuantityBeforeUnknownProductOnReserve()
    {
        assertEquals(Result.INVALID_QUANTITY, engine.reserve(1, NO_TTL, lines.clear().add(UNREGISTERED, 0)));
    }

    // ---------------------------------------------------------------------------------------------
    // Commit
    // ---------------------------------------------------------------------------------------------

    @Test
    void shouldCommitEverythingLeft()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.adjust(c, 10, NO_COST));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 3).add(c, 2)));

        assertEquals(Result.OK, engine.commit(1, lines.clear()));
        assertEquals(7, engine.physical(a));
        assertEquals(8, engine.physical(c));
        assertEquals(0, engine.reservedHeld(a));
        assertEquals(0, engine.reservedHeld(c));
        assertEquals(Result.RESERVATION_CLOSED, engine.reservationState(1));
    }

    @Test
    void shouldCommitPartiallyThenCommitRest()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.adjust(c, 10, NO_COST));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 5).add(c, 2)));

        assertEquals(Result.OK, engine.commit(1, lines.clear().add(a, 2)));
        assertEquals(8, engine.physical(a));
        assertEquals(3, engine.reservedHeld(a));
        assertEquals(3, engine.openQuantity(1, a));
        assertEquals(2, engine.openQuantity(1, c));
        assertEquals(Result.OK, engine.reservationState(1));

        assertEquals(Result.OK, engine.commit(1, lines.clear()));
        assertEquals(5, engine.physical(a));
        assertEquals(8, engine.physical(c));
        assertEquals(0, engine.reservedHeld(a));
        assertEquals(Result.RESERVATION_CLOSED, engine.reservationState(1));
    }

    @Test
    void shouldCloseReservationWhenEveryLineIsCommittedByQuantity()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 5)));

        assertEquals(Result.OK, engine.commit(1, lines.clear().add(a, 2).add(a, 3)));
        assertEquals(Result.RESERVATION_CLOSED, engine.reservationState(1));
        assertEquals(0, engine.openReservationCount());
    }

    @Test
    void shouldNeverRaisePhysicalOnCommit()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.link(b, a));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(b, 4).add(a, 1)));

        assertEquals(Result.OK, engine.commit(1, lines.clear().add(b, 4)));
        assertEquals(6, engine.physical(a));
        assertEquals(0, engine.physical(b));
        assertEquals(5, engine.available(b));

        assertEquals(Result.OK, engine.commit(1, lines.clear()));
        assertEquals(5, engine.physical(a));
        assertEquals(5, engine.available(a));
    }

    @Test
    void shouldRejectCommitOfUnknownReservation()
    {
        assertEquals(Result.UNKNOWN_RESERVATION, engine.commit(99, lines.clear()));
    }

    @Test
    void shouldRejectCommitOfLineNotOnOrder()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 5)));

        assertEquals(Result.LINE_NOT_FOUND, engine.commit(1, lines.clear().add(c, 1)));
    }

    @Test
    void shouldRejectCommitOfUnregisteredProduct()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 5)));

        assertEquals(Result.LINE_NOT_FOUND, engine.commit(1, lines.clear().add(UNREGISTERED, 1)));
        assertEquals(5, engine.openQuantity(1, a));
    }

    @Test
    void shouldCommitNothingWhenOneLineIsNotOnOrder()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 5)));
        final long sequenceBefore = engine.sequence();

        assertEquals(Result.LINE_NOT_FOUND, engine.commit(1, lines.clear().add(a, 2).add(b, 1)));
        assertEquals(10, engine.physical(a));
        assertEquals(5, engine.openQuantity(1, a));
        assertEquals(sequenceBefore, engine.sequence());
    }

    @Test
    void shouldRejectCommitOfMoreThanLeftOnLine()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 5)));

        assertEquals(Result.INVALID_QUANTITY, engine.commit(1, lines.clear().add(a, 3).add(a, 3)));
        assertEquals(10, engine.physical(a));
        assertEquals(5, engine.openQuantity(1, a));
    }

    @Test
    void shouldRejectCommitOfLineWithNothingLeft()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.adjust(c, 10, NO_COST));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 5).add(c, 1)));
        assertEquals(Result.OK, engine.commit(1, lines.clear().add(a, 5)));

        assertEquals(Result.INVALID_QUANTITY, engine.commit(1, lines.clear().add(a, 1)));
        assertEquals(5, engine.physical(a));
    }

    @Test
    void shouldAnswerLineNotFoundBeforeQuantityLeftOnLine()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 5)));

        assertEquals(Result.LINE_NOT_FOUND, engine.commit(1, lines.clear().add(a, 6).add(c, 1)));
    }

    @ParameterizedTest
    @ValueSource(longs = { 0, -1, MAX_LINE_QUANTITY + 1 })
    void shouldRejectCommitQuantityOutOfRange(final long quantity)
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 5)));

        assertEquals(Result.INVALID_QUANTITY, engine.commit(1, lines.clear().add(a, quantity)));
        assertEquals(5, engine.openQuantity(1, a));
    }

    @Test
    void shouldAnswerInvalidQuantityBeforeUnknownReservationOnCommit()
    {
        assertEquals(Result.INVALID_QUANTITY, engine.commit(99, lines.clear().add(a, 0)));
    }

    @Test
    void shouldRejectCommitOf65Lines()
    {
        assertEquals(Result.OK, engine.adjust(a, 1_000, NO_COST));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 500)));
        lines.clear();
        for (int i = 0; i < MAX_LINES + 1; i++)
        {
            lines.add(a, 1);
        }

        assertEquals(Result.INVALID_COMMAND, engine.commit(1, lines));
        assertEquals(500, engine.openQuantity(1, a));
    }

    @ParameterizedTest
    @ValueSource(longs = { 0, -1 })
    void shouldRejectCommitWithNonPositiveId(final long reservationId)
    {
        assertEquals(Result.INVALID_COMMAND, engine.commit(reservationId, lines.clear()));
    }

    @Test
    void shouldRejectCommitOfCommittedReservation()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 5)));
        assertEquals(Result.OK, engine.commit(1, lines.clear()));

        assertEquals(Result.RESERVATION_CLOSED, engine.commit(1, lines.clear()));
        assertEquals(5, engine.physical(a));
    }

    @Test
    void shouldRejectCommitOfReleasedReservation()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 5)));
        assertEquals(Result.OK, engine.release(1));

        assertEquals(Result.RESERVATION_CLOSED, engine.commit(1, lines.clear().add(a, 1)));
        assertEquals(10, engine.physical(a));
    }

    // ---------------------------------------------------------------------------------------------
    // Release
    // ---------------------------------------------------------------------------------------------

    @Test
    void shouldReturnRemainingOnRelease()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.link(b, a));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 3).add(b, 4)));

        assertEquals(Result.OK, engine.release(1));
        assertEquals(10, engine.available(a));
        assertEquals(10, engine.physical(a));
        assertEquals(0, engine.reservedOrdered(b));
        assertEquals(Result.RESERVATION_CLOSED, engine.reservationState(1));
    }

    @Test
    void shouldRestoreNothingOnDoubleRelease()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 3)));
        assertEquals(Result.OK, engine.release(1));
        assertEquals(Result.OK, engine.reserve(2, NO_TTL, lines.clear().add(a, 8)));

        assertEquals(Result.RESERVATION_CLOSED, engine.release(1));
        assertEquals(2, engine.available(a));
        assertEquals(8, engine.reservedHeld(a));
    }

    @Test
    void shouldReleaseOnlyWhatIsLeftAfterPartialCommit()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 5)));
        assertEquals(Result.OK, engine.commit(1, lines.clear().add(a, 2)));

        assertEquals(Result.OK, engine.release(1));
        assertEquals(8, engine.physical(a));
        assertEquals(8, engine.available(a));
    }

    @Test
    void shouldRejectReleaseOfUnknownReservation()
    {
        assertEquals(Result.UNKNOWN_RESERVATION, engine.release(99));
    }

    @ParameterizedTest
    @ValueSource(longs = { 0, -1, Long.MIN_VALUE })
    void shouldRejectReleaseWithNonPositiveId(final long reservationId)
    {
        assertEquals(Result.INVALID_COMMAND, engine.release(reservationId));
    }

    // ---------------------------------------------------------------------------------------------
    // Time and expiry
    // ---------------------------------------------------------------------------------------------

    @Test
    void shouldStartAtTimeZero()
    {
        assertEquals(0, engine.time());
    }

    @Test
    void shouldRejectTimeGoingBackwards()
    {
        assertEquals(Result.OK, engine.advanceTime(1_000));

        assertEquals(Result.INVALID_COMMAND, engine.advanceTime(999));
        assertEquals(1_000, engine.time());
    }

    @Test
    void shouldRejectTimeBeforeZero()
    {
        assertEquals(Result.INVALID_COMMAND, engine.advanceTime(-1));
        assertEquals(0, engine.time());
    }

    @Test
    void shouldAcceptTimeStandingStill()
    {
        assertEquals(Result.OK, engine.advanceTime(1_000));

        assertEquals(Result.OK, engine.advanceTime(1_000));
        assertEquals(1_000, engine.time());
    }

    @Test
    void shouldKeepReservationOpenOneMillisecondBeforeExpiry()
    {
        reserveThreeOfAWithTtlAt(1_000, 500);

        assertEquals(Result.OK, engine.advanceTime(1_499));
        assertEquals(Result.OK, engine.reservationState(1));
        assertEquals(3, engine.reservedHeld(a));
    }

    @Test
    void shouldExpireReservationAtExactlyReserveTimePlusTtl()
    {
        reserveThreeOfAWithTtlAt(1_000, 500);

        assertEquals(Result.OK, engine.advanceTime(1_500));
        assertEquals(Result.RESERVATION_EXPIRED, engine.reservationState(1));
        assertEquals(0, engine.reservedHeld(a));
        assertEquals(10, engine.available(a));
        assertEquals(10, engine.physical(a));
    }

    @Test
    void shouldExpireReservationWhenTimeJumpsPastDeadline()
    {
        reserveThreeOfAWithTtlAt(1_000, 500);

        assertEquals(Result.OK, engine.advanceTime(50_000));
        assertEquals(Result.RESERVATION_EXPIRED, engine.reservationState(1));
        assertEquals(0, engine.openReservationCount());
    }

    @Test
    void shouldAnswerReservationExpiredToCommitAfterExpiry()
    {
        reserveThreeOfAWithTtlAt(1_000, 500);
        assertEquals(Result.OK, engine.advanceTime(1_500));

        assertEquals(Result.RESERVATION_EXPIRED, engine.commit(1, lines.clear()));
        assertEquals(10, engine.physical(a));
    }

    @Test
    void shouldAnswerReservationExpiredToReleaseAfterExpiry()
    {
        reserveThreeOfAWithTtlAt(1_000, 500);
        assertEquals(Result.OK, engine.advanceTime(1_500));
        assertEquals(Result.OK, engine.reserve(2, NO_TTL, lines.clear().add(a, 9)));

        assertEquals(Result.RESERVATION_EXPIRED, engine.release(1));
        assertEquals(1, engine.available(a));
    }

    @Test
    void shouldExpireOnlyWhatIsLeftAfterPartialCommit()
    {
        reserveThreeOfAWithTtlAt(1_000, 500);
        assertEquals(Result.OK, engine.commit(1, lines.clear().add(a, 1)));

        assertEquals(Result.OK, engine.advanceTime(1_500));
        assertEquals(Result.RESERVATION_EXPIRED, engine.reservationState(1));
        assertEquals(9, engine.physical(a));
        assertEquals(9, engine.available(a));
    }

    @Test
    void shouldNeverExpireReservationWithoutTtl()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 3)));

        assertEquals(Result.OK, engine.advanceTime(Long.MAX_VALUE));
        assertEquals(Result.OK, engine.reservationState(1));
        assertEquals(3, engine.reservedHeld(a));
    }

    @Test
    void shouldAnswerClosedNotExpiredWhenCommittedBeforeDeadline()
    {
        reserveThreeOfAWithTtlAt(1_000, 500);
        assertEquals(Result.OK, engine.commit(1, lines.clear()));

        assertEquals(Result.OK, engine.advanceTime(1_500));
        assertEquals(Result.RESERVATION_CLOSED, engine.commit(1, lines.clear()));
        assertEquals(7, engine.physical(a));
    }

    // ---------------------------------------------------------------------------------------------
    // Retention of closed reservation ids
    // ---------------------------------------------------------------------------------------------

    @Test
    void shouldRetainClosedReservationsForTwentyFourHoursByDefault()
    {
        assertEquals(86_400_000L, engine.retentionMillis());
    }

    @Test
    void shouldRejectReuseOfClosedIdWithinRetention()
    {
        releaseReservationOneAt(5_000);

        assertEquals(Result.OK, engine.advanceTime(5_000 + DEFAULT_RETENTION_MILLIS - 1));
        assertEquals(Result.DUPLICATE_RESERVATION, engine.reserve(1, NO_TTL, lines.clear().add(a, 1)));
        assertEquals(0, engine.reservedHeld(a));
    }

    @Test
    void shouldAcceptReuseOfIdOnceRetentionHasPassed()
    {
        releaseReservationOneAt(5_000);

        assertEquals(Result.OK, engine.advanceTime(5_000 + DEFAULT_RETENTION_MILLIS));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 1)));
        assertEquals(1, engine.reservedHeld(a));
    }

    @Test
    void shouldForgetClosedReservationOnceRetentionHasPassed()
    {
        releaseReservationOneAt(5_000);

        assertEquals(Result.OK, engine.advanceTime(5_000 + DEFAULT_RETENTION_MILLIS));
        assertEquals(Result.UNKNOWN_RESERVATION, engine.release(1));
        assertEquals(0, engine.retainedReservationCount());
    }

    @Test
    void shouldCountRetentionOfExpiredReservationFromTimeExpiryWasApplied()
    {
        reserveThreeOfAWithTtlAt(1_000, 500);
        assertEquals(Result.OK, engine.advanceTime(2_000));

        assertEquals(Result.OK, engine.advanceTime(2_000 + DEFAULT_RETENTION_MILLIS - 1));
        assertEquals(Result.DUPLICATE_RESERVATION, engine.reserve(1, NO_TTL, lines.clear().add(a, 1)));
        assertEquals(Result.OK, engine.advanceTime(2_000 + DEFAULT_RETENTION_MILLIS));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 1)));
    }

    @Test
    void shouldUseConfiguredRetention()
    {
        final StockEngine shortMemory = new StockEngine(null, 16, 16, 10);
        assertEquals(Result.OK, shortMemory.addProduct("A"));
        assertEquals(Result.OK, shortMemory.adjust(0, 5, NO_COST));
        assertEquals(Result.OK, shortMemory.reserve(1, NO_TTL, lines.clear().add(0, 1)));
        assertEquals(Result.OK, shortMemory.release(1));

        assertEquals(Result.OK, shortMemory.advanceTime(9));
        assertEquals(Result.DUPLICATE_RESERVATION, shortMemory.reserve(1, NO_TTL, lines.clear().add(0, 1)));
        assertEquals(Result.OK, shortMemory.advanceTime(10));
        assertEquals(Result.OK, shortMemory.reserve(1, NO_TTL, lines.clear().add(0, 1)));
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------

    private void reserveThreeOfAWithTtlAt(final long time, final long ttlMillis)
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.advanceTime(time));
        assertEquals(Result.OK, engine.reserve(1, ttlMillis, lines.clear().add(a, 3)));
    }

    private void releaseReservationOneAt(final long time)
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.advanceTime(time));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 3)));
        assertEquals(Result.OK, engine.release(1));
    }

    /** Counts the batches the engine emits. */
    private static final class BatchCounter implements MovementHandler
    {
        int count;

        @Override
        public void onBatch(final DirectBuffer buffer, final int offset, final int length)
        {
            count++;
        }
    }
}
