/**
 * The inventory adjustment file of the accounting system, {@code item_no,name,quantity,cost_price} in CSV
 * ({@link dev.stockcore.inventory.InventoryFormat}): reading and checking a file into an
 * {@link dev.stockcore.inventory.ImportPlan} that applies all its good rows to a journaled engine, and
 * writing the current stock in the same format. Depends on the engine, the journal, the catalogue of names and
 * FastCSV; the command line drives it.
 */
package dev.stockcore.inventory;
