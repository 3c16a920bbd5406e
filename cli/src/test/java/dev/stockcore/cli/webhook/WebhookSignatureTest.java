package dev.stockcore.cli.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WebhookSignatureTest
{
    @Test
    void shouldMatchTheRfc4231TestVector()
    {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
        final WebhookSignature signature = new WebhookSignature("Jefe".getBytes(StandardCharsets.US_ASCII));

        assertEquals("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            signature.sign("what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void shouldKeyWithEveryByteOfTheSecretIncludingALineEnd()
    {
        final byte[] body = "[]".getBytes(StandardCharsets.US_ASCII);

        final String withLineEnd = new WebhookSignature("s3cret\n".getBytes(StandardCharsets.US_ASCII)).sign(body);
        final String without = new WebhookSignature("s3cret".getBytes(StandardCharsets.US_ASCII)).sign(body);

        assertEquals(7 + 64, withLineEnd.length());
        assertEquals(withLineEnd.toLowerCase(), withLineEnd);
        assertEquals(false, withLineEnd.equals(without), "the secret file's exact bytes are the key");
    }

    @Test
    void shouldRefuseAnEmptySecret()
    {
        assertThrows(IllegalArgumentException.class, () -> new WebhookSignature(new byte[0]));
    }
}
