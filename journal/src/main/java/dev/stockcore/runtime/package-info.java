/**
 * The embeddable runtime: producer threads encode commands into an Agrona ring buffer, one engine agent applies
 * them, journals the movements with group commit and acknowledges; reads and the stock feed use state the agent
 * publishes; counters and the acknowledgement latency histogram live in a stat file another process reads. Depends on
 * the engine and the journal packages; nothing in the engine or journal depends on it.
 */
package dev.stockcore.runtime;
