package io.osprey.filter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * This machine's name databases, read the way the C library reads them for libpcap: host names through the
 * system resolver (hosts file, then DNS), {@code /etc/ethers}, {@code /etc/networks}, {@code /etc/services} and
 * {@code /etc/protocols}. When the services or protocols file is missing, a built-in copy of the IANA registries
 * (as shipped by Debian's netbase) is used, so that {@code port http} works everywhere.
 *
 * <p>Files are read once, on first use.
 */
public final class SystemNames implements FilterNames {
    private static final SystemNames INSTANCE = new SystemNames();

    private volatile Tables tables;

    private SystemNames() {
    }

    /** The shared instance. */
    public static SystemNames get() {
        return INSTANCE;
    }

    /** Parsed contents of the database files. */
    record Tables(Map<String, byte[]> ethers, Map<String, Long> networks, Map<String, Integer> tcp,
                  Map<String, Integer> udp, Map<String, Integer> protocols) {
    }

    private Tables tables() {
        Tables t = tables;
        if (t == null) {
            synchronized (this) {
                t = tables;
                if (t == null) {
                    t = new Tables(parseEthers(readFile("/etc/ethers")), parseNetworks(readFile("/etc/networks")),
                            new HashMap<>(), new HashMap<>(), new HashMap<>());
                    String services = readFile("/etc/services");
                    parseServices(services != null ? services : resource("services.txt"), t.tcp(), t.udp());
                    String protocols = readFile("/etc/protocols");
                    parseProtocols(protocols != null ? protocols : resource("protocols.txt"), t.protocols());
                    tables = t;
                }
            }
        }
        return t;
    }

    private static String readFile(String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A file of this package's resources as text. */
    static String resource(String name) {
        try (InputStream in = SystemNames.class.getResourceAsStream(name)) {
            if (in == null) {
                return "";
            }
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    private static List<String[]> lines(String text) {
        List<String[]> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        try (BufferedReader r = new BufferedReader((Reader) new java.io.StringReader(text))) {
            String line;
            while ((line = r.readLine()) != null) {
                int hash = line.indexOf('#');
                if (hash >= 0) {
                    line = line.substring(0, hash);
                }
                line = line.strip();
                if (!line.isEmpty()) {
                    out.add(line.split("\\s+"));
                }
            }
        } catch (IOException e) {
            // a string reader does not fail
        }
        return out;
    }

    /** ethers(5): "MAC name" per line; the first entry for a name wins. Names match case-insensitively. */
    static Map<String, byte[]> parseEthers(String text) {
        Map<String, byte[]> m = new HashMap<>();
        for (String[] f : lines(text)) {
            if (f.length >= 2) {
                byte[] mac = Addresses.parseMac48(f[0]);
                if (mac != null) {
                    m.putIfAbsent(f[1].toLowerCase(Locale.ROOT), mac);
                }
            }
        }
        return m;
    }

    /** networks(5): "name number [aliases]"; the number in inet_network's dotted form. */
    static Map<String, Long> parseNetworks(String text) {
        Map<String, Long> m = new HashMap<>();
        for (String[] f : lines(text)) {
            if (f.length >= 2) {
                long n = inetNetwork(f[1]);
                if (n >= 0) {
                    m.putIfAbsent(f[0].toLowerCase(Locale.ROOT), n);
                    for (int i = 2; i < f.length; i++) {
                        m.putIfAbsent(f[i].toLowerCase(Locale.ROOT), n);
                    }
                }
            }
        }
        return m;
    }

    /** inet_network(3): up to four dotted parts (decimal, 0x hex or 0 octal), each a byte, joined. */
    static long inetNetwork(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length == 0 || parts.length > 4) {
            return -1;
        }
        long v = 0;
        for (String p : parts) {
            long x = Lexer.parseUnsigned(p);
            if (p.isEmpty() || x < 0 || x > 255) {
                return -1;
            }
            v = (v << 8) | x;
        }
        return v;
    }

    /** services(5): "name port/protocol [aliases]"; the first entry for a name and protocol wins. */
    static void parseServices(String text, Map<String, Integer> tcp, Map<String, Integer> udp) {
        for (String[] f : lines(text)) {
            // the built-in copy is "name port protocol", the system file "name port/protocol aliases"
            String portProto = f.length >= 3 && !f[1].contains("/") ? f[1] + "/" + f[2] : f.length >= 2 ? f[1]
                    : "";
            int slash = portProto.indexOf('/');
            if (slash <= 0) {
                continue;
            }
            int port;
            try {
                port = Integer.parseInt(portProto.substring(0, slash));
            } catch (NumberFormatException e) {
                continue;
            }
            String proto = portProto.substring(slash + 1).toLowerCase(Locale.ROOT);
            Map<String, Integer> m = proto.equals("tcp") ? tcp : proto.equals("udp") ? udp : null;
            if (m == null) {
                continue;
            }
            m.putIfAbsent(f[0], port);
            if (f[1].contains("/")) {
                for (int i = 2; i < f.length; i++) {
                    m.putIfAbsent(f[i], port);
                }
            }
        }
    }

    /** protocols(5): "name number [aliases]". */
    static void parseProtocols(String text, Map<String, Integer> m) {
        for (String[] f : lines(text)) {
            if (f.length >= 2) {
                try {
                    int n = Integer.parseInt(f[1]);
                    m.putIfAbsent(f[0], n);
                    for (int i = 2; i < f.length; i++) {
                        m.putIfAbsent(f[i], n);
                    }
                } catch (NumberFormatException e) {
                    // not a protocol line
                }
            }
        }
    }

    @Override
    public List<byte[]> hostAddresses(String name) {
        List<byte[]> out = new ArrayList<>();
        try {
            for (InetAddress a : InetAddress.getAllByName(name)) {
                out.add(a.getAddress());
            }
        } catch (UnknownHostException | SecurityException e) {
            // unknown: empty
        }
        return out;
    }

    @Override
    public byte[] etherAddress(String name) {
        byte[] e = tables().ethers().get(name.toLowerCase(Locale.ROOT));
        return e == null ? null : e.clone();
    }

    @Override
    public long networkNumber(String name) {
        return tables().networks().getOrDefault(name.toLowerCase(Locale.ROOT), 0L);
    }

    @Override
    public int servicePort(String name, String protocol) {
        Map<String, Integer> m = "tcp".equals(protocol) ? tables().tcp() : "udp".equals(protocol) ? tables().udp()
                : Map.of();
        return m.getOrDefault(name, -1);
    }

    @Override
    public int protocolNumber(String name) {
        return tables().protocols().getOrDefault(name, -1);
    }
}
