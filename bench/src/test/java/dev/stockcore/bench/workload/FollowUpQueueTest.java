package dev.stockcore.bench.workload;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FollowUpQueueTest
{
    @Test
    void shouldMakeEachOrderDueExactlyDelayOrdersLater()
    {
        final FollowUpQueue queue = new FollowUpQueue(3);
        assertFalse(queue.push(1, OrderFate.COMMIT));
        assertFalse(queue.push(2, OrderFate.RELEASE));
        assertFalse(queue.push(3, OrderFate.EXPIRE));
        for (long id = 4; id < 10; id++)
        {
            assertTrue(queue.push(id, OrderFate.COMMIT));
            assertEquals(id - 3, queue.dueId());
        }
        assertEquals(3, queue.size());
    }

    @Test
    void shouldCarryTheFateOfTheDueOrder()
    {
        final FollowUpQueue queue = new FollowUpQueue(1);
        queue.push(1, OrderFate.RELEASE);
        queue.push(2, OrderFate.COMMIT);
        assertEquals(OrderFate.RELEASE, queue.dueFate());
        queue.push(3, OrderFate.COMMIT);
        assertEquals(OrderFate.COMMIT, queue.dueFate());
    }
}
