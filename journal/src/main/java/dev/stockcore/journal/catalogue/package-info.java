/**
 * Descriptive data of the products, kept beside the engine rather than in its hot arrays: today the product
 * names, in an append-only, checksummed log in the journal directory ({@link
 * dev.stockcore.journal.catalogue.NameLogDescriptor}), loaded by SKU into a {@link
 * dev.stockcore.journal.catalogue.ProductCatalogue} indexed like the engine. Depends on the engine (SKU rules,
 * product indices) and on the journal package for its directory layout and exceptions.
 */
package dev.stockcore.journal.catalogue;
