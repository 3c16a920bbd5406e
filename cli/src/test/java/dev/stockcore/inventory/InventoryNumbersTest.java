package dev.stockcore.inventory;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InventoryNumbersTest
{
    @ParameterizedTest(name = "quantity ''{0}'' -> {1}")
    @CsvSource(value = {
        "0              | 0",
        "007            | 7",
        "1000000000000  | 1000000000000",
        "9223372036854775807 | 9223372036854775807",
        "9223372036854775808 | -7",
        "''             | -2",
        "-3             | -4",
        "-0             | -4",
        "2.5            | -5",
        "2.0            | -5",
        "abc            | -3",
        "' 5'           | -3",
        "+5             | -3",
        "1e3            | -3",
        "5.             | -3",
        "-              | -3" }, delimiter = '|')
    void shouldParseAQuantityOrSayWhatIsWrong(final String field, final long expected)
    {
        assertEquals(expected, InventoryNumbers.parseQuantity(field));
    }

    @ParameterizedTest(name = "cost ''{0}'' -> {1}")
    @CsvSource(value = {
        "12             | 120000",
        "12.5           | 125000",
        "12.5000        | 125000",
        "0.0001         | 1",
        "0              | 0",
        "922337203685477.5807 | 9223372036854775807",
        "922337203685477.5808 | -7",
        "1000000000000000     | -7",
        "''             | -2",
        "-1             | -4",
        "1.23456        | -6",
        "'1,5'          | -3",
        ".5             | -3",
        "12.            | -3",
        "1.2.3          | -3" }, delimiter = '|')
    void shouldParseACostOrSayWhatIsWrong(final String field, final long expected)
    {
        assertEquals(expected, InventoryNumbers.parseCost(field));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(value = {
        "0                   | 0.0000",
        "1                   | 0.0001",
        "50                  | 0.0050",
        "125000              | 12.5000",
        "9223372036854775807 | 922337203685477.5807" }, delimiter = '|')
    void shouldFormatACostWithFourDecimalsThatParseBack(final long cost, final String expected)
    {
        assertEquals(expected, InventoryNumbers.formatCost(cost));
        assertEquals(cost, InventoryNumbers.parseCost(expected));
    }

    @ParameterizedTest(name = "''{0}'' -> ''{1}''")
    @CsvSource(value = {
        "Gift box [shares stock of A]   | Gift box",
        "[shares stock of A]            | ''",
        "Gift box[shares stock of A]    | Gift box",
        "Gift box [shares stock of B]   | Gift box [shares stock of B]",
        "Gift box                       | Gift box",
        "'Käse [shares stock of A]'     | Käse" }, delimiter = '|')
    void shouldTakeTheConsumerNoteOffAName(final String exported, final String name)
    {
        final byte[] bytes = ("xx" + exported).getBytes(StandardCharsets.UTF_8);

        final int length = InventoryFormat.withoutConsumerNote(bytes, 2, bytes.length - 2, "A");

        assertEquals(name, new String(bytes, 2, length, StandardCharsets.UTF_8));
    }
}
