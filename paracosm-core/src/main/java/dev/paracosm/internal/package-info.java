/** Implementation of the pipeline behind {@link dev.paracosm.Paracosm}; not public API. */
package dev.paracosm.internal;
