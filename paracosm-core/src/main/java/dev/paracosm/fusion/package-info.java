/**
 * Fusion and ranking (method.md §4–§8): modes, normalisation profiles, protocols, ablation part
 * sets, the {@link dev.paracosm.fusion.Fuser} and the exact {@link dev.paracosm.fusion.Ranker}.
 */
package dev.paracosm.fusion;
