/**
 * The movement record: the binary layout of what the engine changed, written by the engine,
 * stored by the journal and replayed from it with the same bytes, little-endian on every platform. Depends on
 * Agrona buffers only.
 */
package dev.stockcore.engine.movement;
