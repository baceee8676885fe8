/**
 * Test kit shipped in paracosm-core's test-jar: contract suites every role implementation (and
 * plugin) can extend, and deterministic in-test roles for pipeline tests.
 */
package dev.paracosm.testkit;
