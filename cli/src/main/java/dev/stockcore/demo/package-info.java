/**
 * The one-command demo ({@code ./stockcore demo}): a small catalogue with shared stock, a peak-period order load
 * run through the {@link dev.stockcore.runtime.StockRuntime} in a child JVM that is killed with SIGKILL, and the
 * audit of the journal after it. Depends on the runtime and journal packages and HdrHistogram; nothing depends on it but the CLI.
 */
package dev.stockcore.demo;
