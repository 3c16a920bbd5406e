/**
 * The stock report: per product its stock, reservations, availability, cost and value, with virtual products'
 * sources and sources' consumers, and totals that count each stock once ({@link
 * dev.stockcore.report.StockReport}), written as a table, CSV or JSON ({@link
 * dev.stockcore.report.ReportFormat}). Reads an engine and the catalogue of names, never changes them.
 */
package dev.stockcore.report;
