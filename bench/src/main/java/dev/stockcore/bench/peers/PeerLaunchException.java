package dev.stockcore.bench.peers;

/**
 * A peer's server could not be installed, started or reached. The message says which peer, what failed and, when
 * the script printed them, the server log's last lines; a report prints it and goes on with the other peers.
 */
public final class PeerLaunchException extends Exception
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, for the operator.
     */
    public PeerLaunchException(final String message)
    {
        super(message);
    }

    /**
     * @param message what failed, for the operator.
     * @param cause   the underlying failure.
     */
    public PeerLaunchException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
