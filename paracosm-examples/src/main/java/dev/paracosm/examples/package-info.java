/**
 * Runnable examples, each a {@code main} with its one-line command in the class header: {@link
 * dev.paracosm.examples.Quickstart} (index a folder, one composed query), {@link
 * dev.paracosm.examples.CatalogSearch} (an e-commerce catalog with metadata filters and a progress bar)
 * and {@link dev.paracosm.examples.EvaluateCirrVal} (CIRR validation metrics). Benchmark harnesses
 * live in the {@code bench} subpackage.
 */
package dev.paracosm.examples;
