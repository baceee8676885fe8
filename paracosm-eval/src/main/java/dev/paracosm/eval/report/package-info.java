/**
 * Reports from experiment results: Markdown and CSV tables laid out like the papers' tables, PNG
 * plots (λ curve, radar chart) and a self-contained HTML qualitative report.
 */
package dev.paracosm.eval.report;
