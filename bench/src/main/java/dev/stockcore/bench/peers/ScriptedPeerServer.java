package dev.stockcore.bench.peers;

import java.nio.file.Path;

/**
 * A connected peer and the server its {@link PeerScript} started in a work directory. Closing it disconnects the
 * peer and runs the script's {@code stop}; a JVM shutdown hook does the same if the process is interrupted before
 * {@link #close()}, so that Ctrl-C during a run does not leave servers behind.
 */
public final class ScriptedPeerServer implements PeerServer
{
    private final ReservationPeer peer;
    private final PeerScript script;
    private final Path workDir;
    private final Thread shutdownHook;
    private boolean closed;

    /**
     * @param peer    the peer, already started.
     * @param script  the script that started the server.
     * @param workDir the directory the server was started in.
     */
    public ScriptedPeerServer(final ReservationPeer peer, final PeerScript script, final Path workDir)
    {
        this.peer = peer;
        this.script = script;
        this.workDir = workDir;
        this.shutdownHook = new Thread(this::stopServer, "stop-" + peer.name());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts (connects) a peer to the server a script has just started; if it cannot connect, the server is
     * stopped again.
     *
     * @param peer    the peer, not started yet.
     * @param script  the script that started the server.
     * @param workDir the directory the server was started in.
     * @return the running server with its connected peer.
     * @throws PeerLaunchException when the peer cannot connect, naming the peer and the cause.
     * @throws InterruptedException when interrupted while stopping the server after such a failure.
     */
    public static PeerServer connect(final ReservationPeer peer, final PeerScript script, final Path workDir)
        throws PeerLaunchException, InterruptedException
    {
        try
        {
            peer.start();
        }
        catch (final Exception ex)
        {
            final PeerLaunchException failure = new PeerLaunchException(peer.name() +
                ": the server started but the peer could not connect: " + ex.getMessage(), ex);
            try
            {
                peer.close();
            }
            catch (final Exception closeFailure)
            {
                failure.addSuppressed(closeFailure);
            }
            script.stopAfterFailure(workDir, failure);
            throw failure;
        }
        return new ScriptedPeerServer(peer, script, workDir);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public ReservationPeer peer()
    {
        return peer;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (final IllegalStateException ex)
        {
            return;
        }
        try
        {
            peer.close();
        }
        catch (final Exception ex)
        {
            System.err.println(peer.name() + ": disconnecting failed: " + ex);
        }
        stopServer();
    }

    private void stopServer()
    {
        try
        {
            script.stop(workDir);
        }
        catch (final PeerLaunchException ex)
        {
            System.err.println(ex.getMessage());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            System.err.println(peer.name() + ": interrupted while stopping the server in " + workDir +
                "; stop it with " + script.path() + " stop " + workDir);
        }
    }
}
