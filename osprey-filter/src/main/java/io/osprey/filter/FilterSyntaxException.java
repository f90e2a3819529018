package io.osprey.filter;

/**
 * A filter expression that cannot be compiled: a syntax error, or a construct that libpcap rejects too (an
 * unknown host, {@code vlan} on a link type without VLANs, a port number above 65535...). Carries the 0-based
 * position in the expression of the token or primitive at fault.
 */
public final class FilterSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String expression;
    private final int position;
    private final String detail;
    private final boolean syntax;

    /**
     * @param syntax true for a grammar error ("syntax error at position N: ..."), false for a primitive that is
     *               well formed but cannot be compiled ("error at position N: ...")
     */
    public FilterSyntaxException(String expression, int position, String detail, boolean syntax) {
        super((syntax ? "syntax error" : "error") + " at position " + position + ": " + detail);
        this.expression = expression;
        this.position = position;
        this.detail = detail;
        this.syntax = syntax;
    }

    /** True for a grammar or lexical error, which no link type or name database could make valid. */
    public boolean isSyntaxError() {
        return syntax;
    }

    /** The expression as given. */
    public String expression() {
        return expression;
    }

    /** 0-based index in {@link #expression()} where the problem starts. */
    public int position() {
        return position;
    }

    /** The problem without the position prefix, e.g. "'vlan' not supported on DLT_RAW (Raw IPv4/IPv6)". */
    public String detail() {
        return detail;
    }

    /**
     * The message for a user: {@code filter: <message>}, then the expression and a caret under the position, on
     * three lines.
     */
    public String render() {
        String oneLine = expression.replace('\n', ' ').replace('\t', ' ').replace('\r', ' ');
        int caret = Math.min(Math.max(position, 0), oneLine.length());
        return "filter: " + getMessage() + "\n  " + oneLine + "\n  " + " ".repeat(caret) + "^";
    }
}
