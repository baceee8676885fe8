/**
 * Loaders for the official on-disk layouts of CIRR, CIRCO, FashionIQ and GeneCIS, and the common
 * dataset model ({@link dev.paracosm.eval.benchmark.Benchmark}, {@link
 * dev.paracosm.eval.benchmark.BenchmarkQuery}, {@link dev.paracosm.eval.benchmark.GalleryItem}).
 *
 * <p>Entry point: {@link dev.paracosm.eval.benchmark.Benchmarks}. Loading reads annotation files
 * only; images are read when {@link dev.paracosm.eval.benchmark.GalleryItem#read()} is called, so a
 * benchmark can be loaded (and its rankings scored) without the image files on disk. Malformed or
 * inconsistent data raises {@link dev.paracosm.BenchmarkDataException} naming the file and record.
 */
package dev.paracosm.eval.benchmark;
