package dev.stockcore.cli.webhook;

import dev.stockcore.engine.StockEngine;
import dev.stockcore.journal.feed.AvailabilityHandler;
import dev.stockcore.journal.feed.AvailabilityJson;

import java.nio.charset.StandardCharsets;

/**
 * Gathers a feed's availability changes into webhook requests of at most {@code maxChanges} objects,
 * conflated per SKU (the latest change of a product replaces an earlier one in the same request).
 * <p>
 * The feed is polled one journal batch at a time: its changes, all of one sequence, are <em>staged</em>, then
 * {@link #offerStaged()} merges them into the <em>pending</em> request if its products still fit, or hands the
 * pending request over and keeps the staged changes for the next one. So a request holds whole sequences and
 * its cursor is its last sequence. The one exception: a sequence whose changes alone exceed
 * {@code maxChanges} (a source with more consumers than that, or the first start after a prune, which
 * reports every product) is cut into requests of {@code maxChanges}, in the feed's order; all but the last
 * of those leave the cursor where it was, so a restart sends that sequence again from its first change.
 * <p>
 * {@link #flush()} hands over the pending request when the feed has caught up with the journal, so the tail
 * of a followed journal goes out as soon as it is read, in requests as large as what arrived meanwhile.
 */
public final class RequestAssembler implements AvailabilityHandler
{
    private final int maxChanges;
    private final ConflatedChanges staged = new ConflatedChanges();
    private final ConflatedChanges pending = new ConflatedChanges();
    private final StringBuilder object = new StringBuilder(128);
    private final StringBuilder body = new StringBuilder(1 << 12);
    private long pendingCompleteThrough = -1;

    /**
     * @param maxChanges most objects in one request, 1 or more.
     */
    public RequestAssembler(final int maxChanges)
    {
        if (maxChanges < 1)
        {
            throw new IllegalArgumentException("a request holds at least 1 change: " + maxChanges);
        }
        this.maxChanges = maxChanges;
    }

    @Override
    public void onAvailability(final StockEngine replica, final int product, final long available, final long sequence)
    {
        object.setLength(0);
        staged.add(product, sequence, AvailabilityJson.append(replica, product, available, sequence, object).toString());
    }

    /** @return whether changes read from the feed wait to be merged (poll the feed only when not). */
    public boolean hasStaged()
    {
        return staged.size() > 0;
    }

    /**
     * Merges the staged changes into the pending request, or hands over a request if they do not fit.
     *
     * @return a request to deliver, or null if the staged changes were merged and nothing is ready yet.
     */
    public WebhookRequest offerStaged()
    {
        if (staged.size() == 0)
        {
            staged.clear();
            return null;
        }
        int added = 0;
        for (int slot = 0, slots = staged.slots(); slot < slots; slot++)
        {
            if (staged.live(slot) && !pending.contains(staged.product(slot)))
            {
                added++;
            }
        }
        if (pending.size() + added <= maxChanges)
        {
            moveStaged(staged.slots());
            pendingCompleteThrough = pending.lastSequence();
            staged.clear();
            return null;
        }
        if (pending.size() > 0)
        {
            return take();
        }
        int cut = 0;
        for (int moved = 0; moved < maxChanges; cut++)
        {
            if (staged.live(cut))
            {
                moved++;
            }
        }
        moveStaged(cut);
        final long nextSequence = staged.sequence(cut);
        staged.dropBefore(cut);
        for (int slot = 0, slots = pending.slots(); slot < slots; slot++)
        {
            if (pending.sequence(slot) < nextSequence)
            {
                pendingCompleteThrough = pending.sequence(slot);
            }
        }
        return take();
    }

    /**
     * The feed has caught up: hands over the pending request, whatever its size.
     *
     * @return the request, or null if nothing is pending.
     */
    public WebhookRequest flush()
    {
        return pending.size() == 0 ? null : take();
    }

    private void moveStaged(final int endSlot)
    {
        for (int slot = 0; slot < endSlot; slot++)
        {
            if (staged.live(slot))
            {
                pending.add(staged.product(slot), staged.sequence(slot), staged.object(slot));
            }
            else
            {
                pending.cover(staged.sequence(slot));
            }
        }
    }

    private WebhookRequest take()
    {
        body.setLength(0);
        body.append('[');
        for (int slot = 0, slots = pending.slots(); slot < slots; slot++)
        {
            if (pending.live(slot))
            {
                if (body.length() > 1)
                {
                    body.append(',');
                }
                body.append(pending.object(slot));
            }
        }
        body.append(']');
        final WebhookRequest request = new WebhookRequest(body.toString().getBytes(StandardCharsets.UTF_8),
            pending.size(), pending.firstSequence(), pending.lastSequence(), pendingCompleteThrough);
        pending.clear();
        pendingCompleteThrough = -1;
        return request;
    }
}
