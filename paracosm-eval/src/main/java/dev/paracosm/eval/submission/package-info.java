/**
 * Test-server submissions: writers for the CIRR ({@link
 * dev.paracosm.eval.submission.CirrSubmission}) and CIRCO ({@link
 * dev.paracosm.eval.submission.CircoSubmission}) JSON formats, and an offline {@link
 * dev.paracosm.eval.submission.SubmissionValidator} that lists every violation with its query id
 * before a file is uploaded.
 */
package dev.paracosm.eval.submission;
