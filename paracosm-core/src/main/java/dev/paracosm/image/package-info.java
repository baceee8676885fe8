/** Encoded images as immutable, hashable values. */
package dev.paracosm.image;
