package dev.stockcore.bench.orientation;

import dev.stockcore.bench.peers.PeerLauncher;
import dev.stockcore.bench.peers.PeerServer;
import dev.stockcore.bench.peers.ReservationPeer;
import dev.stockcore.bench.peers.postgres.PostgresLauncher;
import dev.stockcore.bench.peers.postgres.PostgresPeer;
import dev.stockcore.bench.peers.redis.RedisLauncher;
import dev.stockcore.bench.workload.Catalogue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Starts each server peer through its launcher and measures closed-loop reservations per second with a few client
 * threads at each pipeline depth, on a uniform workload: orders of {@code --lines} lines of one unit each, products
 * drawn uniformly, every tenth product virtual on the one before it, stock large enough never to run out.
 * <p>
 * Closed loop and short: orientation only, not a benchmark result. The load generator shares the machine's cores
 * with the server.
 */
@Command(name = "peer-throughput", mixinStandardHelpOptions = true,
    description = "Orientation: reservations/s of the PostgreSQL and Redis peers, closed loop, a few seconds each.")
public final class PeerThroughputRun implements Callable<Integer>
{
    @Parameters(arity = "0..*", paramLabel = "PEER", description = "Peers to run: redis, postgresql (default: both).")
    private List<String> peers = new ArrayList<>(List.of("redis", "postgresql"));

    @Option(names = "--threads", description = "Client threads, each with its own session (default: ${DEFAULT-VALUE}).")
    private int threads = 4;

    @Option(names = "--depths", split = ",", description = "Orders per pipelined batch (default: 1,16).")
    private int[] depths = { 1, 16 };

    @Option(names = "--seconds", description = "Measured seconds per setting, after one of warm-up (default: ${DEFAULT-VALUE}).")
    private double seconds = 5;

    @Option(names = "--products", description = "Products in the catalogue (default: ${DEFAULT-VALUE}).")
    private int products = 100_000;

    @Option(names = "--lines", description = "Lines per order (default: ${DEFAULT-VALUE}).")
    private int lines = 1;

    @Option(names = "--hot", description = "Draw orders from the first N products only, e.g. 1 for one hot SKU " +
        "(default: all products).")
    private int hot;

    @Option(names = "--work", description = "Directory for the servers' data (default: a new one under java.io.tmpdir, removed afterwards).")
    private Path work;

    /**
     * @param args see {@code --help}.
     */
    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new PeerThroughputRun()).execute(args));
    }

    /**
     * Runs every peer at every depth and prints one line per setting.
     *
     * @return 0 when every peer ran, 1 when one could not be launched.
     * @throws Exception on an unexpected failure.
     */
    @Override
    public Integer call() throws Exception
    {
        final Catalogue catalogue = catalogue(products);
        final int drawnFrom = hot > 0 ? Math.min(hot, products) : products;
        final boolean ownWork = work == null;
        final Path workRoot = ownWork ? Files.createTempDirectory("stockcore-peer-throughput-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x"))) : work;
        int status = 0;
        System.out.printf(Locale.ROOT, "closed loop, %d client threads, %d products (every 10th virtual), orders " +
            "on the first %d, %d line(s) of 1 unit per order, %.1f s per setting, %d cores shared by clients and " +
            "server%n", threads, products, drawnFrom, lines, seconds, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-12s %7s %6s %16s %9s%n", "peer", "threads", "depth", "reservations/s",
            "accepted");
        try
        {
            for (final String name : peers)
            {
                final PeerLauncher launcher = launcher(name);
                try (PeerServer server = launcher.launch(workRoot.resolve(name)))
                {
                    final ReservationPeer peer = server.peer();
                    for (final int depth : depths)
                    {
                        peer.setUp(catalogue);
                        final ThroughputResult result = new ClosedLoop(peer, catalogue, drawnFrom, threads, depth, lines)
                            .run(1.0, seconds);
                        System.out.printf(Locale.ROOT, "%-12s %7d %6d %16.0f %8.1f%%%n", name, threads, depth,
                            result.ordersPerSecond(), 100.0 * result.acceptedFraction());
                    }
                    if (peer instanceof PostgresPeer)
                    {
                        System.out.printf(Locale.ROOT, "%-12s transactions retried after deadlock: %d%n", name,
                            ((PostgresPeer)peer).retries());
                    }
                }
                catch (final Exception ex)
                {
                    status = 1;
                    System.out.printf(Locale.ROOT, "%-12s could not run: %s%n", name, ex.getMessage());
                }
            }
        }
        finally
        {
            if (ownWork)
            {
                deleteTree(workRoot);
            }
        }
        return status;
    }

    private static PeerLauncher launcher(final String name)
    {
        switch (name)
        {
            case "redis":
                return new RedisLauncher();
            case "postgresql":
                return new PostgresLauncher();
            default:
                throw new CommandLine.ParameterException(new CommandLine(new PeerThroughputRun()),
                    "unknown peer '" + name + "'; use redis or postgresql");
        }
    }

    static Catalogue catalogue(final int products)
    {
        final int[] sources = new int[products];
        for (int p = 0; p < products; p++)
        {
            sources[p] = p % 10 == 9 ? p - 1 : -1;
        }
        return new Catalogue(sources, 1_000_000_000L);
    }

    private static void deleteTree(final Path root) throws IOException
    {
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(path);
            }
        }
    }
}
