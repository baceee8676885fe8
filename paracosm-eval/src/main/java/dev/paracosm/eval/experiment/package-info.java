/**
 * The experiment runner: a declarative {@link dev.paracosm.eval.experiment.ExperimentConfig} (JSON or
 * YAML) expands to a grid of {@link dev.paracosm.eval.experiment.ExperimentPoint}s; {@link
 * dev.paracosm.eval.experiment.ExperimentRunner} indexes each gallery once per generation setting and
 * encoder, encodes every query once, ranks every fusion point from the cached encodings, appends one
 * JSON line per point to a results file (resumable) and measures a {@link
 * dev.paracosm.eval.experiment.ComputeReport}.
 */
package dev.paracosm.eval.experiment;
