/**
 * The movement journal on Chronicle Queue, snapshots and recovery: everything that makes the engine's
 * state survive the process. Depends on the engine and Chronicle Queue; the engine knows nothing of it.
 */
package dev.stockcore.journal;
