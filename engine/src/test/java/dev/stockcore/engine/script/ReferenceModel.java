package dev.stockcore.engine.script;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A deliberately simple reference model of the whole script language (issue 3, "The domain" and
 * "Script format"), used by model-based tests to cross-check the optimised engine.
 * <p>
 * It is written for obviousness, not speed: products and reservations are plain objects in hash
 * maps, every verb is one method that checks its result codes top to bottom in the order the
 * specification gives, and the only state kept incrementally (the reserved totals per product)
 * can be recomputed from the open reservation lines by {@link #checkConsistency()}.
 * It shares no code with the engine on purpose: it answers with result code names as strings.
 * <p>
 * Rules where the specification is silent follow the engine author's choices: an {@code adjust}
 * that would take physical stock above 10^15 is {@code INVALID_QUANTITY} (after
 * {@code CONSUMER_STOCK_LOCKED}, before {@code INSUFFICIENT_STOCK}); a commit naming more than 64
 * lines is {@code INVALID_COMMAND}; a reservation whose {@code time + ttl} lies beyond
 * {@link Long#MAX_VALUE} never expires (time can never reach it) and a closed reservation is remembered
 * while {@code time - closedAt < retention} (exact, no overflow); expiry is applied by every accepted {@code time} command (an equal time
 * included) to every open reservation whose expiry is {@code <=} the new time.
 * The moving average cost is not visible in the script output and is not modelled.
 */
public final class ReferenceModel
{
    /** Default retention of closed reservation ids: 24 h of engine time. */
    public static final long DEFAULT_RETENTION_MILLIS = 86_400_000L;

    static final long MAX_ADJUST_DELTA = 1_000_000_000_000L;      // |delta| <= 10^12
    static final long MAX_COUNT = 1_000_000_000_000L;             // 0 <= count <= 10^12
    static final long MAX_LINE_QUANTITY = 1_000_000_000L;         // 1 <= qty <= 10^9
    static final long MAX_TTL = 1_000_000_000_000L;               // 1 <= ttl <= 10^12
    static final long MAX_PHYSICAL = 1_000_000_000_000_000L;      // physical <= 10^15 (engine rule)
    static final int MAX_LINES = 64;

    static final String OK = "OK";
    static final String INVALID_COMMAND = "INVALID_COMMAND";
    static final String INVALID_QUANTITY = "INVALID_QUANTITY";
    static final String UNKNOWN_PRODUCT = "UNKNOWN_PRODUCT";
    static final String DUPLICATE_PRODUCT = "DUPLICATE_PRODUCT";
    static final String INSUFFICIENT_STOCK = "INSUFFICIENT_STOCK";
    static final String SELF_LINK = "SELF_LINK";
    static final String ALREADY_LINKED = "ALREADY_LINKED";
    static final String CONSUMER_HAS_STOCK = "CONSUMER_HAS_STOCK";
    static final String CONSUMER_STOCK_LOCKED = "CONSUMER_STOCK_LOCKED";
    static final String SOURCE_IS_CONSUMER = "SOURCE_IS_CONSUMER";
    static final String CONSUMER_IS_SOURCE = "CONSUMER_IS_SOURCE";
    static final String NOT_LINKED = "NOT_LINKED";
    static final String DUPLICATE_RESERVATION = "DUPLICATE_RESERVATION";
    static final String UNKNOWN_RESERVATION = "UNKNOWN_RESERVATION";
    static final String RESERVATION_CLOSED = "RESERVATION_CLOSED";
    static final String RESERVATION_EXPIRED = "RESERVATION_EXPIRED";
    static final String LINE_NOT_FOUND = "LINE_NOT_FOUND";

    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
    private static final Pattern COST = Pattern.compile("[0-9]+(\\.[0-9]{1,4})?");
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private static final class Product
    {
        long physical;
        /** Null when standalone. */
        String source;
        final Set<String> consumers = new LinkedHashSet<>();
        /** Open quantity held against this product's own physical stock. */
        long reservedHeld;
        /** Open quantity ordered through this SKU, wherever it is held. */
        long reservedOrdered;
    }

    private static final class Line
    {
        final String ordered;
        final String holder;
        long open;

        Line(final String ordered, final String holder, final long open)
        {
            this.ordered = ordered;
            this.holder = holder;
            this.open = open;
        }
    }

    private enum State
    {
        OPEN, CLOSED, EXPIRED
    }

    private static final class Reservation
    {
        final long id;
        /** Long.MAX_VALUE when there is no ttl (and, saturated, for a huge ttl). */
        final long expiresAt;
        final boolean hasTtl;
        /** One line per ordered SKU, in order of first appearance. */
        final Map<String, Line> lines = new LinkedHashMap<>();
        State state = State.OPEN;
        long closedAt;

        Reservation(final long id, final boolean hasTtl, final long expiresAt)
        {
            this.id = id;
            this.hasTtl = hasTtl;
            this.expiresAt = expiresAt;
        }

        long open()
        {
            long sum = 0;
            for (final Line line : lines.values())
            {
                sum += line.open;
            }
            return sum;
        }
    }

    private final long retentionMillis;
    private final Map<String, Product> products = new LinkedHashMap<>();
    private final Map<Long, Reservation> openReservations = new LinkedHashMap<>();
    private final Map<Long, Reservation> closedReservations = new LinkedHashMap<>();
    private long time;
    private long totalAdjustedIn;
    private long totalCommitted;

    /** A model with the default retention of 24 h of engine time. */
    public ReferenceModel()
    {
        this(DEFAULT_RETENTION_MILLIS);
    }

    /**
     * A model with the given retention of closed reservation ids.
     *
     * @param retentionMillis how long, in engine time, a closed reservation id stays known; {@code >= 0}.
     */
    public ReferenceModel(final long retentionMillis)
    {
        if (retentionMillis < 0)
        {
            throw new IllegalArgumentException("retentionMillis must be >= 0: " + retentionMillis);
        }
        this.retentionMillis = retentionMillis;
    }

    /**
     * Applies one script line.
     *
     * @param line one line of a script, without its {@code \n}; a trailing {@code \r} is ignored.
     * @return the single output line, or null for a blank or comment line.
     */
    public String apply(final String line)
    {
        Objects.requireNonNull(line, "line");
        final String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        if (text.startsWith("#"))
        {
            return null;
        }
        final List<String> tokens = tokens(text);
        if (tokens.isEmpty())
        {
            return null;
        }
        switch (tokens.get(0))
        {
            case "product":
                return product(tokens);
            case "adjust":
                return adjustOrCount(tokens, false);
            case "count":
                return adjustOrCount(tokens, true);
            case "link":
                return link(tokens);
            case "unlink":
                return unlink(tokens);
            case "time":
                return time(tokens);
            case "reserve":
                return reserve(tokens);
            case "commit":
                return commit(tokens);
            case "release":
                return release(tokens);
            case "level":
                return level(tokens);
            default:
                return INVALID_COMMAND;
        }
    }

    // ------------------------------------------------------------------ verbs

    private String product(final List<String> t)
    {
        if (t.size() != 2 || !isSku(t.get(1)))
        {
            return INVALID_COMMAND;
        }
        if (products.containsKey(t.get(1)))
        {
            return DUPLICATE_PRODUCT;
        }
        products.put(t.get(1), new Product());
        return OK;
    }

    private String adjustOrCount(final List<String> t, final boolean isCount)
    {
        if (t.size() != 3 && t.size() != 4)
        {
            return INVALID_COMMAND;
        }
        final String sku = t.get(1);
        final Long quantity = parseInteger(t.get(2));
        if (!isSku(sku) || quantity == null)
        {
            return INVALID_COMMAND;
        }
        if (t.size() == 4 && parseCost(t.get(3)) == null)
        {
            return INVALID_COMMAND;
        }
        final long n = quantity;
        if (isCount)
        {
            if (n < 0 || n > MAX_COUNT)
            {
                return INVALID_QUANTITY;
            }
        }
        else if (n == 0 || n < -MAX_ADJUST_DELTA || n > MAX_ADJUST_DELTA)
        {
            return INVALID_QUANTITY;
        }
        final Product product = products.get(sku);
        if (product == null)
        {
            return UNKNOWN_PRODUCT;
        }
        if (product.source != null)
        {
            return CONSUMER_STOCK_LOCKED;
        }
        final long newPhysical = isCount ? n : product.physical + n;
        if (newPhysical > MAX_PHYSICAL)
        {
            return INVALID_QUANTITY;
        }
        if (newPhysical < product.reservedHeld) // also covers newPhysical < 0, as reservedHeld >= 0
        {
            return INSUFFICIENT_STOCK;
        }
        totalAdjustedIn += newPhysical - product.physical;
        product.physical = newPhysical;
        return OK;
    }

    private String link(final List<String> t)
    {
        if (t.size() != 3 || !isSku(t.get(1)) || !isSku(t.get(2)))
        {
            return INVALID_COMMAND;
        }
        final String consumerSku = t.get(1);
        final String sourceSku = t.get(2);
        final Product consumer = products.get(consumerSku);
        if (consumer == null)
        {
            return UNKNOWN_PRODUCT;
        }
        final Product source = products.get(sourceSku);
        if (source == null)
        {
            return UNKNOWN_PRODUCT;
        }
        if (consumerSku.equals(sourceSku))
        {
            return SELF_LINK;
        }
        if (consumer.source != null)
        {
            return ALREADY_LINKED;
        }
        if (!consumer.consumers.isEmpty())
        {
            return CONSUMER_IS_SOURCE;
        }
        if (source.source != null)
        {
            return SOURCE_IS_CONSUMER;
        }
        // Rule 4 looks only at what is held against the product's own stock, not at what was ordered through it.
        if (consumer.physical != 0 || consumer.reservedHeld != 0)
        {
            return CONSUMER_HAS_STOCK;
        }
        consumer.source = sourceSku;
        source.consumers.add(consumerSku);
        return OK;
    }

    private String unlink(final List<String> t)
    {
        if (t.size() != 2 || !isSku(t.get(1)))
        {
            return INVALID_COMMAND;
        }
        final Product consumer = products.get(t.get(1));
        if (consumer == null)
        {
            return UNKNOWN_PRODUCT;
        }
        if (consumer.source == null)
        {
            return NOT_LINKED;
        }
        products.get(consumer.source).consumers.remove(t.get(1));
        consumer.source = null;
        return OK;
    }

    private String level(final List<String> t)
    {
        if (t.size() != 2 || !isSku(t.get(1)))
        {
            return INVALID_COMMAND;
        }
        final String sku = t.get(1);
        final Product product = products.get(sku);
        if (product == null)
        {
            return UNKNOWN_PRODUCT;
        }
        if (product.source != null)
        {
            return "physical=0 reserved=" + product.reservedOrdered +
                " available=" + available(sku) + " source=" + product.source;
        }
        return "physical=" + product.physical + " reserved=" + product.reservedHeld +
            " available=" + available(sku) + " source=-";
    }

    private String time(final List<String> t)
    {
        if (t.size() != 2)
        {
            return INVALID_COMMAND;
        }
        final Long newTime = parseInteger(t.get(1));
        if (newTime == null || newTime < time)
        {
            return INVALID_COMMAND;
        }
        time = newTime;
        expireDue();
        forgetClosedPastRetention();
        return OK;
    }

    private String reserve(final List<String> t)
    {
        if (t.size() < 2)
        {
            return INVALID_COMMAND;
        }
        final Long id = parseInteger(t.get(1));
        if (id == null || id <= 0)
        {
            return INVALID_COMMAND;
        }
        int first = 2;
        Long ttl = null;
        if (t.size() > 2 && t.get(2).startsWith("ttl="))
        {
            ttl = parseInteger(t.get(2).substring("ttl=".length()));
            if (ttl == null)
            {
                return INVALID_COMMAND;
            }
            first = 3;
        }
        final List<String> skus = new ArrayList<>();
        final List<Long> quantities = new ArrayList<>();
        final String syntax = parseLines(t, first, skus, quantities, true);
        if (syntax != null)
        {
            return syntax;
        }
        if (ttl != null && (ttl < 1 || ttl > MAX_TTL))
        {
            return INVALID_QUANTITY;
        }
        for (final long quantity : quantities)
        {
            if (quantity < 1 || quantity > MAX_LINE_QUANTITY)
            {
                return INVALID_QUANTITY;
            }
        }
        for (final String sku : skus)
        {
            if (!products.containsKey(sku))
            {
                return UNKNOWN_PRODUCT;
            }
        }
        if (isKnown(id))
        {
            return DUPLICATE_RESERVATION;
        }
        final Map<String, Long> perSku = merge(skus, quantities);
        final Map<String, Long> perHolder = new LinkedHashMap<>();
        for (final Map.Entry<String, Long> e : perSku.entrySet())
        {
            perHolder.merge(holder(e.getKey()), e.getValue(), Long::sum);
        }
        for (final Map.Entry<String, Long> e : perHolder.entrySet())
        {
            if (e.getValue() > available(e.getKey()))
            {
                return INSUFFICIENT_STOCK;
            }
        }

        closedReservations.remove(id); // a forgotten id may be reused
        final Reservation reservation = new Reservation(
            id, ttl != null && time <= Long.MAX_VALUE - ttl, ttl == null || time > Long.MAX_VALUE - ttl ? Long.MAX_VALUE : time + ttl);
        for (final Map.Entry<String, Long> e : perSku.entrySet())
        {
            final Line line = new Line(e.getKey(), holder(e.getKey()), 0);
            reservation.lines.put(e.getKey(), line);
            changeOpen(line, e.getValue());
        }
        openReservations.put(id, reservation);
        return OK;
    }

    private String commit(final List<String> t)
    {
        if (t.size() < 2)
        {
            return INVALID_COMMAND;
        }
        final Long id = parseInteger(t.get(1));
        if (id == null || id <= 0)
        {
            return INVALID_COMMAND;
        }
        final List<String> skus = new ArrayList<>();
        final List<Long> quantities = new ArrayList<>();
        final String syntax = parseLines(t, 2, skus, quantities, false);
        if (syntax != null)
        {
            return syntax;
        }
        for (final long quantity : quantities)
        {
            if (quantity < 1 || quantity > MAX_LINE_QUANTITY)
            {
                return INVALID_QUANTITY;
            }
        }
        final Reservation reservation = lookup(id);
        if (reservation == null)
        {
            return UNKNOWN_RESERVATION;
        }
        if (reservation.state != State.OPEN)
        {
            return closedCode(reservation);
        }

        if (skus.isEmpty())
        {
            for (final Line line : reservation.lines.values())
            {
                commitLine(line, line.open);
            }
        }
        else
        {
            final Map<String, Long> perSku = merge(skus, quantities);
            for (final String sku : perSku.keySet())
            {
                if (!reservation.lines.containsKey(sku))
                {
                    return LINE_NOT_FOUND;
                }
            }
            for (final Map.Entry<String, Long> e : perSku.entrySet())
            {
                if (e.getValue() > reservation.lines.get(e.getKey()).open)
                {
                    return INVALID_QUANTITY;
                }
            }
            for (final Map.Entry<String, Long> e : perSku.entrySet())
            {
                commitLine(reservation.lines.get(e.getKey()), e.getValue());
            }
        }
        if (reservation.open() == 0)
        {
            close(reservation, State.CLOSED);
        }
        return OK;
    }

    private String release(final List<String> t)
    {
        if (t.size() != 2)
        {
            return INVALID_COMMAND;
        }
        final Long id = parseInteger(t.get(1));
        if (id == null || id <= 0)
        {
            return INVALID_COMMAND;
        }
        final Reservation reservation = lookup(id);
        if (reservation == null)
        {
            return UNKNOWN_RESERVATION;
        }
        if (reservation.state != State.OPEN)
        {
            return closedCode(reservation);
        }
        for (final Line line : reservation.lines.values())
        {
            changeOpen(line, -line.open);
        }
        close(reservation, State.CLOSED);
        return OK;
    }

    // ------------------------------------------------------------------ state changes

    /** The one place open quantity changes, so that the per-product totals follow the lines. */
    private void changeOpen(final Line line, final long delta)
    {
        line.open += delta;
        products.get(line.holder).reservedHeld += delta;
        products.get(line.ordered).reservedOrdered += delta;
    }

    private void commitLine(final Line line, final long quantity)
    {
        changeOpen(line, -quantity);
        products.get(line.holder).physical -= quantity;
        totalCommitted += quantity;
    }

    private void close(final Reservation reservation, final State state)
    {
        reservation.state = state;
        reservation.closedAt = time;
        openReservations.remove(reservation.id);
        closedReservations.put(reservation.id, reservation);
    }

    private void expireDue()
    {
        final List<Reservation> due = new ArrayList<>();
        for (final Reservation reservation : openReservations.values())
        {
            if (reservation.hasTtl && reservation.expiresAt <= time)
            {
                due.add(reservation);
            }
        }
        for (final Reservation reservation : due)
        {
            for (final Line line : reservation.lines.values())
            {
                changeOpen(line, -line.open);
            }
            close(reservation, State.EXPIRED);
        }
    }

    private void forgetClosedPastRetention()
    {
        final Iterator<Reservation> it = closedReservations.values().iterator();
        while (it.hasNext())
        {
            if (!isRemembered(it.next()))
            {
                it.remove();
            }
        }
    }

    // ------------------------------------------------------------------ lookups

    private boolean isRemembered(final Reservation closed)
    {
        return time - closed.closedAt < retentionMillis;
    }

    /** The open reservation, or the closed one still within retention, or null. */
    private Reservation lookup(final long id)
    {
        final Reservation open = openReservations.get(id);
        if (open != null)
        {
            return open;
        }
        final Reservation closed = closedReservations.get(id);
        return closed != null && isRemembered(closed) ? closed : null;
    }

    private boolean isKnown(final long id)
    {
        return lookup(id) != null;
    }

    private static String closedCode(final Reservation reservation)
    {
        return reservation.state == State.EXPIRED ? RESERVATION_EXPIRED : RESERVATION_CLOSED;
    }

    private String holder(final String sku)
    {
        final String source = products.get(sku).source;
        return source != null ? source : sku;
    }

    // ------------------------------------------------------------------ parsing

    private static List<String> tokens(final String text)
    {
        final List<String> tokens = new ArrayList<>();
        final StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == ' ' || c == '\t')
            {
                if (current.length() > 0)
                {
                    tokens.add(current.toString());
                    current.setLength(0);
                }
            }
            else
            {
                current.append(c);
            }
        }
        if (current.length() > 0)
        {
            tokens.add(current.toString());
        }
        return tokens;
    }

    /**
     * Parses {@code <sku> <qty>} pairs from {@code first} on; returns INVALID_COMMAND or null when fine.
     * A reserve needs 1..64 lines, a commit 0..64.
     */
    private static String parseLines(
        final List<String> t, final int first, final List<String> skus, final List<Long> quantities,
        final boolean atLeastOne)
    {
        final int rest = t.size() - first;
        if (rest % 2 != 0 || (atLeastOne && rest == 0) || rest / 2 > MAX_LINES)
        {
            return INVALID_COMMAND;
        }
        for (int i = first; i < t.size(); i += 2)
        {
            final Long quantity = parseInteger(t.get(i + 1));
            if (!isSku(t.get(i)) || quantity == null)
            {
                return INVALID_COMMAND;
            }
            skus.add(t.get(i));
            quantities.add(quantity);
        }
        return null;
    }

    private static Map<String, Long> merge(final List<String> skus, final List<Long> quantities)
    {
        final Map<String, Long> merged = new LinkedHashMap<>();
        for (int i = 0; i < skus.size(); i++)
        {
            merged.merge(skus.get(i), quantities.get(i), Long::sum);
        }
        return merged;
    }

    static boolean isSku(final String token)
    {
        return SKU.matcher(token).matches();
    }

    /** An optional '-' then ASCII digits, fitting a signed 64-bit long; else null. */
    static Long parseInteger(final String token)
    {
        if (!INTEGER.matcher(token).matches())
        {
            return null;
        }
        final BigInteger value = new BigInteger(token);
        if (value.compareTo(LONG_MIN) < 0 || value.compareTo(LONG_MAX) > 0)
        {
            return null;
        }
        return value.longValue();
    }

    /** A cost {@code [0-9]+(\.[0-9]{1,4})?} as a long count of 1/10000 units; null if malformed or too large. */
    static Long parseCost(final String token)
    {
        if (!COST.matcher(token).matches())
        {
            return null;
        }
        final BigInteger units = new BigDecimal(token).movePointRight(4).toBigIntegerExact();
        if (units.compareTo(LONG_MAX) > 0)
        {
            return null;
        }
        return units.longValue();
    }

    private String requireKnown(final String sku)
    {
        if (!products.containsKey(sku))
        {
            throw new IllegalArgumentException("unknown SKU: " + sku);
        }
        return sku;
    }

    private Product known(final String sku)
    {
        return products.get(requireKnown(sku));
    }

    // ------------------------------------------------------------------ read-only views

    /** All registered SKUs, in registration order (an unmodifiable view). */
    public Set<String> skus()
    {
        return Collections.unmodifiableSet(products.keySet());
    }

    /** The product's own physical stock (always 0 for a consumer). */
    public long physical(final String sku)
    {
        return known(sku).physical;
    }

    /** Open quantity held against this product's own physical stock. */
    public long reservedHeld(final String sku)
    {
        return known(sku).reservedHeld;
    }

    /** Open quantity ordered through this SKU, wherever it is held (what {@code level} shows for a consumer). */
    public long reservedOrdered(final String sku)
    {
        return known(sku).reservedOrdered;
    }

    /** {@code physical(holder) - reservedHeld(holder)}, the holder being the source if linked. */
    public long available(final String sku)
    {
        final Product holder = known(holder(requireKnown(sku)));
        return holder.physical - holder.reservedHeld;
    }

    /** The source SKU, or null if standalone. */
    public String source(final String sku)
    {
        return known(sku).source;
    }

    /** The output {@code level} would give for a registered SKU. */
    public String level(final String sku)
    {
        return level(List.of("level", requireKnown(sku)));
    }

    /** Sum of all accepted adjust deltas and count changes (new - old), over all products. */
    public long totalAdjustedIn()
    {
        return totalAdjustedIn;
    }

    /** Sum of all committed quantities. */
    public long totalCommitted()
    {
        return totalCommitted;
    }

    /** Sum of the open quantity of all open reservations. */
    public long totalOpen()
    {
        long sum = 0;
        for (final Reservation reservation : openReservations.values())
        {
            sum += reservation.open();
        }
        return sum;
    }

    /** Number of open reservations. */
    public int openReservationCount()
    {
        return openReservations.size();
    }

    /** Current engine time. */
    public long time()
    {
        return time;
    }

    /** Retention of closed reservation ids, in engine time. */
    public long retentionMillis()
    {
        return retentionMillis;
    }

    /**
     * Recomputes the per-product reserved totals from the open lines and checks them and the
     * domain invariants; throws {@link IllegalStateException} on any mismatch (a bug in the model).
     */
    public void checkConsistency()
    {
        final Map<String, Long> held = new LinkedHashMap<>();
        final Map<String, Long> ordered = new LinkedHashMap<>();
        for (final Reservation reservation : openReservations.values())
        {
            if (reservation.state != State.OPEN || reservation.open() <= 0)
            {
                throw new IllegalStateException("open reservation " + reservation.id + " has nothing open");
            }
            for (final Line line : reservation.lines.values())
            {
                if (line.open < 0)
                {
                    throw new IllegalStateException("negative line in reservation " + reservation.id);
                }
                held.merge(line.holder, line.open, Long::sum);
                ordered.merge(line.ordered, line.open, Long::sum);
            }
        }
        long sumPhysical = 0;
        for (final Map.Entry<String, Product> e : products.entrySet())
        {
            final String sku = e.getKey();
            final Product p = e.getValue();
            sumPhysical += p.physical;
            if (p.reservedHeld != held.getOrDefault(sku, 0L) || p.reservedOrdered != ordered.getOrDefault(sku, 0L))
            {
                throw new IllegalStateException("reserved totals of " + sku + " do not match the open lines");
            }
            if (p.reservedHeld < 0 || p.reservedHeld > p.physical || p.physical > MAX_PHYSICAL)
            {
                throw new IllegalStateException("0 <= reservedHeld <= physical violated for " + sku);
            }
            if (p.source != null && (p.physical != 0 || p.reservedHeld != 0 || !p.consumers.isEmpty() ||
                products.get(p.source).source != null || !products.get(p.source).consumers.contains(sku)))
            {
                throw new IllegalStateException("link rules violated for consumer " + sku);
            }
            for (final String consumer : p.consumers)
            {
                if (!sku.equals(products.get(consumer).source))
                {
                    throw new IllegalStateException("consumer set of " + sku + " is stale");
                }
            }
        }
        if (sumPhysical != totalAdjustedIn - totalCommitted)
        {
            throw new IllegalStateException("sum of physical != adjusted in - committed");
        }
    }
}
