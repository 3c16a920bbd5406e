/**
 * The runtime's counters and acknowledgement latency for Micrometer ({@link RuntimeMeterBinder}). The only code
 * of the artifact that uses Micrometer, an optional dependency: an application that does not bind it needs no
 * Micrometer on its class path.
 */
package dev.stockcore.runtime.micrometer;
