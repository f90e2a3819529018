package io.osprey.filter;

/**
 * A compile-time error raised deep in the code generator (libpcap's bpf_error); the parser catches it and turns it
 * into a {@link FilterSyntaxException} carrying the position of the phrase being compiled.
 */
final class CompileError extends RuntimeException {
    CompileError(String message) {
        super(message, null, false, false);
    }
}
