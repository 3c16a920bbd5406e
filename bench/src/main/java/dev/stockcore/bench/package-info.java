/**
 * {@code ./stockcore bench}: the picocli command line that runs the headline set (JMH suites, a peak series, the
 * peers) and prints one table, plus its {@code peak} and {@code jmh} subcommands. Depends on every other bench
 * package; nothing depends on it.
 */
package dev.stockcore.bench;
