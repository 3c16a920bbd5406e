package dev.stockcore.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonWriterTest
{
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "plain text       | A-1.x            | \"A-1.x\"",
        "quote            | say \"hi\"         | \"say \\\"hi\\\"\"",
        "backslash        | C:\\bench         | \"C:\\\\bench\"",
        "non-ASCII kept   | Ürün €           | \"Ürün €\"",
    })
    void shouldQuoteAndEscapeAString(final String label, final String value, final String expected)
    {
        assertEquals(expected + "\n", new JsonWriter().value(value).toString());
    }

    @Test
    void shouldEscapeControlCharactersAndJavaScriptLineSeparatorsAsUnicodeEscapes()
    {
        final String written = new JsonWriter().value("a\nb\tc\u0001d\u2028e\u2029f\u001f").toString();

        assertEquals("\"a\\u000ab\\u0009c\\u0001d\\u2028e\\u2029f\\u001f\"\n", written);
    }

    @Test
    void shouldReadBackEveryCharacterBelowU0100AndTheSeparators()
    {
        final StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x100; c++)
        {
            all.append(c);
        }
        all.append('\u2028').append('\u2029');

        final String written = new JsonWriter().beginObject().name("k\"\\").value(all.toString()).endObject().toString();

        assertEquals(Map.of("k\"\\", all.toString()), TinyJson.parse(written));
    }

    @Test
    void shouldIndentNestedObjectsAndArraysTwoSpaces()
    {
        final String written = new JsonWriter().beginObject()
            .name("rates").beginArray().value(1).value(2.5).endArray()
            .name("ok").value(true)
            .name("none").value((String)null)
            .endObject().toString();

        assertEquals("{\n  \"rates\": [\n    1,\n    2.5\n  ],\n  \"ok\": true,\n  \"none\": null\n}\n", written);
        assertEquals(List.of(1.0, 2.5), ((Map<?, ?>)TinyJson.parse(written)).get("rates"));
    }
}
