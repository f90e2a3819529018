package io.osprey.analyzer.irc;

import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the IRC analyzer over byte streams without packets (the framework's {@link AnalyzerHarness}: a connection
 * to port 6667 with IRC attached as if by port) and records the irc.log rows it publishes.
 */
final class IrcTestSupport {
    final AnalyzerHarness h;
    final List<IrcMessage> rows = new ArrayList<>();

    IrcTestSupport() {
        h = new AnalyzerHarness(AnalyzerSpec.TCP, 6667, IrcAnalyzer.spec(null));
        h.events().subscribe(IrcMessage.class, rows::add);
    }

    IrcTestSupport orig(String s) {
        h.stream(true, s);
        return this;
    }

    IrcTestSupport resp(String s) {
        h.stream(false, s);
        return this;
    }

    /** The rows as "nick|user|command|value|addl|file|size" lines. */
    List<String> render() {
        List<String> out = new ArrayList<>();
        for (IrcMessage m : rows) {
            out.add(m.nick() + "|" + m.user() + "|" + m.command() + "|" + m.value() + "|" + m.addl() + "|"
                    + m.dccFileName() + "|" + m.dccFileSize());
        }
        return out;
    }
}
