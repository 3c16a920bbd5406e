/**
 * The script language: a line-oriented way to drive the engine from a shell ({@code ./stockcore script})
 * or a test, with one output line per command. Depends on the engine only.
 */
package dev.stockcore.engine.script;
