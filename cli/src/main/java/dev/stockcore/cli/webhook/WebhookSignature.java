package dev.stockcore.cli.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;

/**
 * The {@code X-Stockcore-Signature} header: {@code sha256=} and the lowercase hex HMAC-SHA256 of the exact
 * body bytes, keyed with the secret file's bytes (the way shop platforms sign their webhooks). The key stays
 * in the {@link Mac}; nothing here prints it.
 */
public final class WebhookSignature
{
    /** The header's name. */
    public static final String HEADER = "X-Stockcore-Signature";
    private static final String ALGORITHM = "HmacSHA256";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Mac mac;

    /**
     * @param secret the key: the secret file's bytes, not empty.
     */
    public WebhookSignature(final byte[] secret)
    {
        if (secret.length == 0)
        {
            throw new IllegalArgumentException("the webhook secret is empty");
        }
        try
        {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
        }
        catch (final NoSuchAlgorithmException | InvalidKeyException ex)
        {
            throw new IllegalStateException("this JVM cannot compute " + ALGORITHM + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @param body the exact bytes sent.
     * @return the header's value, {@code sha256=<64 lowercase hex digits>}.
     */
    public String sign(final byte[] body)
    {
        final byte[] digest = mac.doFinal(body);
        final StringBuilder value = new StringBuilder(7 + digest.length * 2).append("sha256=");
        for (final byte b : digest)
        {
            value.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
        return value.toString();
    }
}
