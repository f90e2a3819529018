/**
 * The osprey command (picocli): options, mapping of Zeek-style settings (analyzers, policy scripts, redefs), the
 * progress bar and exit codes. The only package that calls System.exit.
 */
package io.osprey.cli;
