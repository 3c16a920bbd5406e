package dev.stockcore.bench.peers.redis;

import dev.stockcore.bench.peers.HolderLines;
import dev.stockcore.bench.peers.ReservationPeer;
import dev.stockcore.bench.workload.Catalogue;
import dev.stockcore.bench.workload.OrderBatch;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One client's connection to {@link RedisPeer}, speaking RESP directly on its own socket. A batch travels as one
 * pipeline: one EVALSHA per order encoded back to back into one reused buffer and written with one system call,
 * then every reply read, so a batch of 16 costs one round trip instead of 16. Each script runs atomically on the
 * server, so the orders of a batch are still all-or-nothing one by one.
 * <p>
 * Why not the Jedis connection the control path uses: on a machine whose cores the server shares, the client's
 * CPU per request is taken from the server. Jedis built a key string, two lists, a command object and a response
 * object per order; here an order costs its bytes in a buffer and nothing else (calibration against
 * {@code redis-benchmark} is how that shows).
 * <pre>
 *   EVALSHA request: *{3 + keys + args} $7 EVALSHA $40 {sha} ${n} {numkeys} {keys...} {args...}, each a bulk string
 *   reserve keys:    reservation:{id}, then the holders' stock:{SKU} keys; args: units per holder
 *   replies:         :1 held (committed, released), :0 refused (unknown), :-1 id in use; -ERR... an error
 * </pre>
 */
final class RedisSession implements ReservationPeer.Session
{
    private static final long HELD = 1;
    private static final long ID_IN_USE = -1;
    private static final byte[] EVALSHA = RedisPeer.bytes("EVALSHA");
    private static final byte[] RESERVATION_PREFIX = RedisPeer.bytes("reservation:");
    private static final byte[] CRLF = {'\r', '\n'};
    private static final int INITIAL_BUFFER = 64 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final RedisScripts scripts;
    private final Catalogue catalogue;
    private final byte[][] stockKeys;
    private final HolderLines holderLines = new HolderLines(8);
    private final byte[] digits = new byte[20];
    private final byte[] readBuffer = new byte[INITIAL_BUFFER];
    private int readPosition;
    private int readLimit;
    private byte[] writeBuffer = new byte[INITIAL_BUFFER];
    private int writePosition;

    RedisSession(final String host, final int port, final int timeoutMillis, final RedisScripts scripts,
        final Catalogue catalogue, final byte[][] stockKeys) throws IOException
    {
        socket = new Socket();
        try
        {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(timeoutMillis);
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }
        catch (final IOException ex)
        {
            socket.close();
            throw new IOException("cannot connect a session to Redis at " + host + ":" + port + ": " +
                ex.getMessage(), ex);
        }
        this.scripts = scripts;
        this.catalogue = catalogue;
        this.stockKeys = stockKeys;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void reserve(final OrderBatch orders, final boolean[] accepted) throws IOException
    {
        writePosition = 0;
        for (int order = 0; order < orders.size(); order++)
        {
            holderLines.load(orders, order, catalogue);
            final int count = holderLines.count();
            writeEvalShaHeader(scripts.reserve(), count + 1, count);
            writeReservationKey(orders.reservationId(order));
            for (int i = 0; i < count; i++)
            {
                writeBulk(stockKeys[holderLines.holder(i)]);
            }
            for (int i = 0; i < count; i++)
            {
                writeBulkNumber(holderLines.quantity(i));
            }
        }
        flush();
        for (int order = 0; order < orders.size(); order++)
        {
            final long result = readInteger();
            if (result == ID_IN_USE)
            {
                throw new IllegalStateException("reservation id " + orders.reservationId(order) +
                    " is already used; reservation ids must be unique per run");
            }
            accepted[order] = result == HELD;
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void commit(final long[] reservationIds, final int count) throws IOException
    {
        settle(scripts.commit(), reservationIds, count);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void release(final long[] reservationIds, final int count) throws IOException
    {
        settle(scripts.release(), reservationIds, count);
    }

    /**
     * Closes the connection.
     */
    @Override
    public void close() throws IOException
    {
        socket.close();
    }

    private void settle(final byte[] script, final long[] reservationIds, final int count) throws IOException
    {
        writePosition = 0;
        for (int i = 0; i < count; i++)
        {
            writeEvalShaHeader(script, 1, 0);
            writeReservationKey(reservationIds[i]);
        }
        flush();
        for (int i = 0; i < count; i++)
        {
            readInteger();
        }
    }

    private void writeEvalShaHeader(final byte[] sha, final int keys, final int args)
    {
        writeArrayLength(3 + keys + args);
        writeBulk(EVALSHA);
        writeBulk(sha);
        writeBulkNumber(keys);
    }

    private void writeArrayLength(final int length)
    {
        ensure(24);
        writeBuffer[writePosition++] = '*';
        writeDigits(length);
        writeRaw(CRLF);
    }

    private void writeBulk(final byte[] value)
    {
        ensure(value.length + 24);
        writeBuffer[writePosition++] = '$';
        writeDigits(value.length);
        writeRaw(CRLF);
        writeRaw(value);
        writeRaw(CRLF);
    }

    private void writeBulkNumber(final long value)
    {
        ensure(48);
        final int length = digitCount(value);
        writeBuffer[writePosition++] = '$';
        writeDigits(length);
        writeRaw(CRLF);
        writeDigits(value);
        writeRaw(CRLF);
    }

    private void writeReservationKey(final long reservationId)
    {
        ensure(RESERVATION_PREFIX.length + 48);
        writeBuffer[writePosition++] = '$';
        writeDigits(RESERVATION_PREFIX.length + digitCount(reservationId));
        writeRaw(CRLF);
        writeRaw(RESERVATION_PREFIX);
        writeDigits(reservationId);
        writeRaw(CRLF);
    }

    private void writeRaw(final byte[] bytes)
    {
        System.arraycopy(bytes, 0, writeBuffer, writePosition, bytes.length);
        writePosition += bytes.length;
    }

    /** Decimal digits of a non-negative number, or of a negative one after its '-'. */
    private void writeDigits(final long value)
    {
        long rest = value;
        if (rest < 0)
        {
            writeBuffer[writePosition++] = '-';
            rest = -rest;
        }
        int n = 0;
        do
        {
            digits[n++] = (byte)('0' + rest % 10);
            rest /= 10;
        }
        while (rest > 0);
        while (n > 0)
        {
            writeBuffer[writePosition++] = digits[--n];
        }
    }

    static int digitCount(final long value)
    {
        long rest = Math.abs(value);
        int count = value < 0 ? 2 : 1;
        while (rest >= 10)
        {
            rest /= 10;
            count++;
        }
        return count;
    }

    private void ensure(final int bytes)
    {
        if (writePosition + bytes > writeBuffer.length)
        {
            writeBuffer = Arrays.copyOf(writeBuffer, Math.max(writeBuffer.length * 2, writePosition + bytes));
        }
    }

    private void flush() throws IOException
    {
        out.write(writeBuffer, 0, writePosition);
        out.flush();
    }

    private long readInteger() throws IOException
    {
        final int type = readByte();
        if (type == ':')
        {
            boolean negative = false;
            long value = 0;
            int b = readByte();
            if (b == '-')
            {
                negative = true;
                b = readByte();
            }
            while (b != '\r')
            {
                value = value * 10 + (b - '0');
                b = readByte();
            }
            readByte();
            return negative ? -value : value;
        }
        final StringBuilder line = new StringBuilder();
        for (int b = readByte(); b != '\r'; b = readByte())
        {
            line.append((char)b);
        }
        readByte();
        if (type == '-')
        {
            throw new IllegalStateException("Redis answered an error: " + line);
        }
        throw new IllegalStateException("Redis answered '" + (char)type + line + "' where an integer was expected");
    }

    private int readByte() throws IOException
    {
        if (readPosition == readLimit)
        {
            readLimit = in.read(readBuffer, 0, readBuffer.length);
            readPosition = 0;
            if (readLimit <= 0)
            {
                readLimit = 0;
                throw new EOFException("Redis closed the connection");
            }
        }
        return readBuffer[readPosition++];
    }

    @Override
    public String toString()
    {
        return "RedisSession[" + socket.getRemoteSocketAddress() + ", " +
            new String(scripts.reserve(), StandardCharsets.US_ASCII) + "]";
    }
}
