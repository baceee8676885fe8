/**
 * The prompt library: the prompt templates of Paracosm and PEFUSE (bundled {@code prompts.json}, with
 * their provenance status and source), rendering of {@code {placeholder}} templates, the per-dataset
 * template choice of method.md §2, §3 and §6, and user overrides and additions.
 *
 * <p>Start with {@link dev.paracosm.prompt.PromptLibrary#defaults()} or {@link
 * dev.paracosm.prompt.PromptLibrary#builder()}.
 */
package dev.paracosm.prompt;
