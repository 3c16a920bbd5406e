package dev.stockcore.cli.webhook;

/**
 * One POST of the webhook: its body, a JSON array of availability changes, and what a success means.
 *
 * @param body           the JSON array, UTF-8; signed as these exact bytes.
 * @param changes        how many objects it holds.
 * @param firstSequence  the smallest {@code sequence} of the changes it covers (conflated ones included).
 * @param lastSequence   the largest.
 * @param cursorAfter    the cursor once it is delivered: every change up to this sequence has been delivered;
 *                       -1 if it carries only part of one sequence's changes and the cursor must not move.
 */
public record WebhookRequest(byte[] body, int changes, long firstSequence, long lastSequence, long cursorAfter)
{
    /** @return the {@code Idempotency-Key} header: {@code <firstSequence>-<lastSequence>}. */
    public String idempotencyKey()
    {
        return firstSequence + "-" + lastSequence;
    }

    /** @return whether a success moves the cursor. */
    public boolean advancesCursor()
    {
        return cursorAfter >= 0;
    }
}
