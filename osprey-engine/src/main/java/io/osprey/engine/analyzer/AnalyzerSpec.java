package io.osprey.engine.analyzer;

import java.util.function.Function;

/**
 * Declares one protocol analyzer to the framework (Zeek's analyzer component plus its script's
 * {@code register_for_ports} and DPD signature): the name, the transport it runs over, the ports it attaches to by
 * default, the payload probes that attach it anywhere else, and the factory of per-connection instances. Built-in
 * analyzers are listed in one place (the analyzers module's {@code BuiltinAnalyzers}).
 *
 * @param name       the analyzer tag as Zeek spells it ("HTTP", "DNS"); also the key of {@code --analyzers}, lowercased
 * @param service    the name it adds to conn.log's {@code service} once confirmed ("http", "dns")
 * @param proto      transport: 6 (TCP) or 17 (UDP)
 * @param ports      well-known responder ports it attaches to at connection start; may be empty
 * @param origProbe  DPD test on the originator's first bytes, or null when the signature has no originator side
 * @param respProbe  DPD test on the responder's first bytes, or null; when both are given both must match
 *                   (Zeek's {@code requires-reverse-signature})
 * @param factory    creates the instance for one connection
 */
public record AnalyzerSpec(String name, String service, int proto, int[] ports, Probe origProbe, Probe respProbe,
                           Function<AnalyzerContext, Analyzer> factory) {
    /** TCP. */
    public static final int TCP = 6;
    /** UDP. */
    public static final int UDP = 17;

    /** True when payload detection can attach this analyzer. */
    public boolean detectable() {
        return origProbe != null || respProbe != null;
    }
}
