/**
 * Built-in protocol analyzers, one package each ({@code dns}, {@code http}, ...), plus the script-level frameworks
 * they feed ({@code software}, {@code notice}); {@link io.osprey.analyzer.BuiltinAnalyzers} lists them.
 */
package io.osprey.analyzer;
