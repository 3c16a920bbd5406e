/**
 * The stock reservation state machine: products, shared-stock links and reservations in primitive arrays,
 * driven by plain method calls on one thread, with time passed in. Knows nothing of files, threads,
 * clocks or logging; depends on Agrona buffers only.
 */
package dev.stockcore.engine;
