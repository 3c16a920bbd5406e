package dev.stockcore.bench.peers;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The peer scripts run for real from a 0700 temporary directory, what {@code mktemp -d} gives a newcomer.
 */
class PeerScriptsTest
{
    private Path dir;

    @BeforeEach
    void createPrivateDirectory() throws IOException
    {
        dir = Files.createTempDirectory("stockcore-scripts-test-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    @AfterEach
    void removeDirectory() throws IOException
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void shouldStartPostgresqlFromPrivateTemporaryDirectoryAndRemoveEverythingOnStop() throws Exception
    {
        final PeerScript script = PeerScript.locate("postgresql", "postgresql.sh");
        final Path workDir = dir.resolve("peers").resolve("postgresql");
        final Map<String, String> started;
        try
        {
            started = script.start(workDir);
        }
        catch (final PeerLaunchException ex)
        {
            script.stopAfterFailure(workDir, ex);
            throw ex;
        }
        final Path data = Path.of(started.get("data"));
        try
        {
            assertTrue(Files.isDirectory(data), data.toString());
            if (isRoot())
            {
                assertFalse(data.startsWith(dir), "the postgres user cannot reach " + dir + ", yet data is " + data);
            }
            try (Socket socket = new Socket())
            {
                socket.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(started.get("port"))), 10_000);
                assertTrue(socket.isConnected());
            }
        }
        finally
        {
            script.stop(workDir);
        }
        assertFalse(Files.exists(workDir.resolve("stockcore-postgresql")));
        assertFalse(Files.exists(data));
        assertFalse(Files.exists(data.getParent().resolve(".stockcore-peer")));
    }

    @Test
    void shouldStartRedisWithEachPersistenceMode() throws Exception
    {
        final PeerScript script = PeerScript.locate("redis", "redis.sh");
        final String[][] modes = {{"always", "yes", "always"}, {"none", "no", null}};
        for (final String[] mode : modes)
        {
            final Path workDir = dir.resolve("redis-" + mode[0]);
            final Map<String, String> started = script.start(workDir, mode[0]);
            try (Jedis jedis = new Jedis("127.0.0.1", Integer.parseInt(started.get("port"))))
            {
                assertEquals(mode[0], started.get("persistence"));
                assertEquals(mode[1], jedis.configGet("appendonly").get("appendonly"), mode[0]);
                if (mode[2] != null)
                {
                    assertEquals(mode[2], jedis.configGet("appendfsync").get("appendfsync"), mode[0]);
                }
            }
            finally
            {
                script.stop(workDir);
            }
            assertFalse(Files.exists(workDir.resolve("stockcore-redis")));
        }
    }

    @Test
    void shouldRefuseUnknownRedisPersistenceNamingTheChoices() throws Exception
    {
        final PeerScript script = PeerScript.locate("redis", "redis.sh");

        final PeerLaunchException failure = assertThrows(PeerLaunchException.class,
            () -> script.start(dir.resolve("redis-bogus"), "sometimes"));

        assertTrue(failure.getMessage().contains("unknown persistence 'sometimes'; use everysec, always or none"),
            failure.getMessage());
    }

    private static boolean isRoot()
    {
        return "root".equals(System.getProperty("user.name"));
    }
}
