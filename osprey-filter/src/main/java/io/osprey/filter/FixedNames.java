package io.osprey.filter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Name databases given as data, for reproducible compilation: hosts, ethers and networks from text in the formats
 * of hosts(5), ethers(5) and networks(5) (names match case-insensitively, as with the C library), and the built-in
 * services and protocols tables. Tests use it with the
 * entries libpcap's own test suite expects.
 */
final class FixedNames implements FilterNames {
    private final Map<String, List<byte[]>> hosts = new HashMap<>();
    private final Map<String, byte[]> ethers;
    private final Map<String, Long> networks;
    private final Map<String, Integer> tcp = new HashMap<>();
    private final Map<String, Integer> udp = new HashMap<>();
    private final Map<String, Integer> protocols = new HashMap<>();

    FixedNames(String hostsText, String ethersText, String networksText) {
        for (String line : hostsText.split("\n")) {
            int hash = line.indexOf('#');
            String[] f = (hash >= 0 ? line.substring(0, hash) : line).strip().split("\\s+");
            if (f.length < 2) {
                continue;
            }
            byte[] a = f[0].contains(":") ? Addresses.parseIpv6(f[0]) : Addresses.parseIpv4Strict(f[0]);
            if (a == null) {
                continue;
            }
            for (int i = 1; i < f.length; i++) {
                hosts.computeIfAbsent(f[i].toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(a);
            }
        }
        this.ethers = SystemNames.parseEthers(ethersText);
        this.networks = SystemNames.parseNetworks(networksText);
        SystemNames.parseServices(SystemNames.resource("services.txt"), tcp, udp);
        SystemNames.parseProtocols(SystemNames.resource("protocols.txt"), protocols);
    }

    /** No hosts, ethers or networks; built-in services and protocols. */
    static FixedNames empty() {
        return new FixedNames("", "", "");
    }

    @Override
    public List<byte[]> hostAddresses(String name) {
        return hosts.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    @Override
    public byte[] etherAddress(String name) {
        return ethers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public long networkNumber(String name) {
        return networks.getOrDefault(name.toLowerCase(Locale.ROOT), 0L);
    }

    @Override
    public int servicePort(String name, String protocol) {
        return ("tcp".equals(protocol) ? tcp : "udp".equals(protocol) ? udp : Map.<String, Integer>of())
                .getOrDefault(name, -1);
    }

    @Override
    public int protocolNumber(String name) {
        return protocols.getOrDefault(name, -1);
    }
}
