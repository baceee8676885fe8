/** Default model implementations: DJL encoders and OpenAI-compatible HTTP clients. */
package dev.paracosm.models;
