/** Benchmark harness mains: speed targets are measured here, never in unit tests. */
package dev.paracosm.examples.bench;
