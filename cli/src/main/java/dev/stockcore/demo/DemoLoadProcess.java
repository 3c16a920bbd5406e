package dev.stockcore.demo;

import dev.stockcore.runtime.StockRuntime;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The demo's engine process: {@code DemoLoadProcess DIR ORDERS_PER_SECOND MAX_SECONDS} launches a
 * {@link StockRuntime} on the journal in DIR (which {@link DemoCatalogue#setUp} prepared) and runs a
 * {@link DemoLoad} on it until it is killed, its stdin reaches end of file (the parent is gone), or
 * MAX_SECONDS pass. It speaks one ASCII line per event on stdout:
 * <pre>
 * READY &lt;pid&gt;                                   the runtime recovered the journal and the load started
 * R &lt;id&gt;                                        reservation id acknowledged OK (its movements are journaled)
 * C &lt;id&gt;                                        commit of reservation id acknowledged OK
 * P &lt;answered&gt; &lt;p99 ns&gt; &lt;reserved&gt; &lt;refused&gt;  every 200 ms: orders answered so far, p99 latency over the
 *                                               last 200 ms, reservations acknowledged, refused for stock
 * </pre>
 * An R or C line is written only after the engine thread answered OK, that is after the journal append; a
 * line cut short by the kill is not an acknowledgement.
 */
public final class DemoLoadProcess
{
    /** Line prefix: ready. */
    public static final String READY = "READY";
    /** Line prefix: reservation acknowledged. */
    public static final char RESERVED = 'R';
    /** Line prefix: commit acknowledged. */
    public static final char COMMITTED = 'C';
    /** Line prefix: progress. */
    public static final char PROGRESS = 'P';
    /** How often a progress line is written. */
    public static final long PROGRESS_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** Exit status when the parent went away (stdin closed). */
    public static final int ORPHANED = 3;

    private static final int ACK_RING_LENGTH = 4 << 20;
    private static final long SEED = 0x5EED_DE30L;

    private DemoLoadProcess()
    {
    }

    /**
     * @param args DIR ORDERS_PER_SECOND MAX_SECONDS.
     * @throws IOException if stdout fails.
     */
    public static void main(final String[] args) throws IOException
    {
        if (args.length != 3)
        {
            System.err.println("usage: DemoLoadProcess DIR ORDERS_PER_SECOND MAX_SECONDS");
            System.exit(2);
        }
        watchParent();
        final Path dir = Path.of(args[0]);
        final long ordersPerSecond = Long.parseLong(args[1]);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[2]));
        final OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        final AckRing acks = new AckRing();
        final LineWriter lines = new LineWriter(out);
        try (StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir));
            DemoLoad load = DemoLoad.start(runtime, DemoCatalogue.lookUp(runtime), ordersPerSecond, 1, SEED, acks))
        {
            lines.text(READY).number(ProcessHandle.current().pid()).end();
            out.flush();
            long nextProgress = System.nanoTime() + PROGRESS_NANOS;
            while (System.nanoTime() - deadline < 0)
            {
                final int drained = acks.ring.read(lines, Integer.MAX_VALUE);
                final long now = System.nanoTime();
                if (now - nextProgress >= 0)
                {
                    nextProgress += PROGRESS_NANOS;
                    lines.character(PROGRESS).number(load.ordersAnswered()).number(load.intervalP99Nanos())
                        .number(load.reservations()).number(load.refused()).end();
                }
                out.flush();
                if (drained == 0)
                {
                    LockSupport.parkNanos(100_000);
                }
            }
        }
        out.flush();
        System.exit(0);
    }

    /** Ends this process when its stdin closes: the parent died, and a load nobody watches must not go on. */
    private static void watchParent()
    {
        final Thread watcher = new Thread(() ->
        {
            try (InputStream in = System.in)
            {
                in.transferTo(OutputStream.nullOutputStream());
            }
            catch (final IOException ignored)
            {
                // Unreadable stdin means the same as a closed one: nobody is listening.
            }
            Runtime.getRuntime().halt(ORPHANED);
        }, "demo-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Acknowledgements from the engine thread to the main thread, which prints them. */
    private static final class AckRing implements DemoLoad.Acknowledgements
    {
        private final OneToOneRingBuffer ring = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(ACK_RING_LENGTH + RingBufferDescriptor.TRAILER_LENGTH)));
        private final UnsafeBuffer message = new UnsafeBuffer(new byte[Long.BYTES]);

        @Override
        public void onReserved(final long reservationId)
        {
            offer(RESERVED, reservationId);
        }

        @Override
        public void onCommitted(final long reservationId)
        {
            offer(COMMITTED, reservationId);
        }

        /** Waits for room rather than drop: a dropped line would be an acknowledgement the parent never sees. */
        private void offer(final char kind, final long reservationId)
        {
            message.putLong(0, reservationId);
            while (!ring.write(kind, message, 0, Long.BYTES))
            {
                Thread.yield();
            }
        }
    }

    /** Writes the ASCII lines without building strings. */
    private static final class LineWriter implements MessageHandler
    {
        private final OutputStream out;
        private final byte[] digits = new byte[20];

        LineWriter(final OutputStream out)
        {
            this.out = out;
        }

        @Override
        public void onMessage(final int kind, final MutableDirectBuffer buffer, final int offset, final int length)
        {
            character((char)kind).number(buffer.getLong(offset)).end();
        }

        LineWriter text(final String text)
        {
            for (int i = 0; i < text.length(); i++)
            {
                write(text.charAt(i));
            }
            return this;
        }

        LineWriter character(final char c)
        {
            write(c);
            return this;
        }

        /** A space, then the value (not negative). */
        LineWriter number(final long value)
        {
            write(' ');
            long rest = value;
            int n = 0;
            do
            {
                digits[n++] = (byte)('0' + rest % 10);
                rest /= 10;
            }
            while (rest > 0);
            while (n > 0)
            {
                write(digits[--n]);
            }
            return this;
        }

        void end()
        {
            write('\n');
        }

        private void write(final int b)
        {
            try
            {
                out.write(b);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot write to stdout: " + ex.getMessage(), ex);
            }
        }
    }
}
