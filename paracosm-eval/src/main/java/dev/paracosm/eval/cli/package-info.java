/**
 * The {@code paracosm} command line ({@link dev.paracosm.eval.cli.ParacosmCli}): index, search, eval,
 * sweep, report, validate-submission and demo.
 */
package dev.paracosm.eval.cli;
