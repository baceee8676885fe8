/**
 * Evaluation of composed image retrieval on the standard benchmarks: loaders ({@link
 * dev.paracosm.eval.benchmark}), official metrics ({@link dev.paracosm.eval.metrics}) and
 * test-server submissions ({@link dev.paracosm.eval.submission}).
 */
package dev.paracosm.eval;
