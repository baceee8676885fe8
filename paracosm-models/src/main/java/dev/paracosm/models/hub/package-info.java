/** Model sources: Hugging Face hub download into the standard cache layout, and local directories. */
package dev.paracosm.models.hub;
