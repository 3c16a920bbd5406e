package dev.stockcore.engine;

import dev.stockcore.engine.movement.MovementKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Result and movement kind codes are persisted and sent across processes: each value's code is pinned
 * here so that a reordering or renumbering of the enums fails the build.
 */
class ResultTest
{
    @ParameterizedTest
    @CsvSource({
        "OK, 0",
        "INVALID_COMMAND, 1",
        "INVALID_QUANTITY, 2",
        "UNKNOWN_PRODUCT, 3",
        "DUPLICATE_PRODUCT, 4",
        "INSUFFICIENT_STOCK, 5",
        "SELF_LINK, 6",
        "ALREADY_LINKED, 7",
        "CONSUMER_HAS_STOCK, 8",
        "CONSUMER_STOCK_LOCKED, 9",
        "SOURCE_IS_CONSUMER, 10",
        "CONSUMER_IS_SOURCE, 11",
        "NOT_LINKED, 12",
        "DUPLICATE_RESERVATION, 13",
        "UNKNOWN_RESERVATION, 14",
        "RESERVATION_CLOSED, 15",
        "RESERVATION_EXPIRED, 16",
        "LINE_NOT_FOUND, 17",
        "BACK_PRESSURED, 18",
        "ENGINE_FAILED, 19",
        "RUNTIME_CLOSED, 20",
    })
    void shouldKeepStableResultCode(final Result result, final int code)
    {
        assertEquals(code, result.code());
    }

    @Test
    void shouldPinEveryResultValue()
    {
        assertEquals(21, Result.values().length, "a new Result needs a new, pinned code in this test");
    }

    @Test
    void shouldGiveEveryResultADistinctCode()
    {
        final Set<Integer> codes = new HashSet<>();
        for (final Result result : Result.values())
        {
            assertTrue(codes.add(result.code()), "duplicate code " + result.code() + " on " + result);
        }
    }

    @ParameterizedTest
    @EnumSource(Result.class)
    void shouldRoundTripResultThroughCode(final Result result)
    {
        assertSame(result, Result.fromCode(result.code()));
    }

    @ParameterizedTest
    @ValueSource(ints = { -1, 21, 22, 255, Integer.MAX_VALUE, Integer.MIN_VALUE })
    void shouldRejectUnknownResultCode(final int code)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Result.fromCode(code));
        assertTrue(ex.getMessage().contains(Integer.toString(code)), ex.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "PRODUCT_ADDED, 1",
        "TIME_ADVANCED, 2",
        "ADJUSTED, 3",
        "COUNTED, 4",
        "LINKED, 5",
        "UNLINKED, 6",
        "RESERVED, 7",
        "COMMITTED, 8",
        "RELEASED, 9",
        "EXPIRED, 10",
    })
    void shouldKeepStableMovementKindCode(final MovementKind kind, final int code)
    {
        assertEquals(code, kind.code());
    }

    @Test
    void shouldPinEveryMovementKindValue()
    {
        assertEquals(10, MovementKind.values().length, "a new MovementKind needs a new, pinned code in this test");
    }

    @ParameterizedTest
    @EnumSource(MovementKind.class)
    void shouldRoundTripMovementKindThroughCode(final MovementKind kind)
    {
        assertSame(kind, MovementKind.fromCode(kind.code()));
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, -1, 11, 12, Short.MAX_VALUE, Short.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE })
    void shouldAnswerNullForUnknownMovementKindCode(final int code)
    {
        assertNull(MovementKind.fromCode(code));
    }
}
