/**
 * The Paracosm facade: build a {@link dev.paracosm.Paracosm} pipeline, index a gallery, search with a
 * composed {@link dev.paracosm.Query}. Also the exception hierarchy rooted at {@link
 * dev.paracosm.ParacosmException}.
 */
package dev.paracosm;
