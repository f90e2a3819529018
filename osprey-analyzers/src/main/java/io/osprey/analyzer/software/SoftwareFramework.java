package io.osprey.analyzer.software;

import io.osprey.common.net.NetSet;
import io.osprey.engine.event.EventBus;
import io.osprey.log.LogStream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Zeek's software framework (base/frameworks/software/main.zeek) for one worker: subscribes to
 * {@link SoftwareFound}, keeps the hosts it is asked to track ({@code Software::asset_tracking}, local hosts by
 * default, by {@code Site::local_nets}), parses each banner into name and version ({@link SoftwareParser}), and
 * writes a software.log row the first time a host shows a (name, version string) pair. As in Zeek:
 * <ul>
 *   <li>sightings are deduplicated for {@code found_cache_interval} (10 min) by host, port, type and banner;</li>
 *   <li>a host's record is forgotten a day after it was created ({@code tracked_software &create_expire=1day}),
 *       so what a host runs is logged again once a day;</li>
 *   <li>a new version of a known name is logged (older or newer: every new version string), and when a name has
 *       collected more than {@code max_software_cache_size} (20) versions the set starts over.</li>
 * </ul>
 * Memory is bounded: at most {@link #MAX_HOSTS} hosts and {@link #MAX_FOUND} cached sightings (the oldest go first,
 * which is also the order they would expire in), and 20 versions per host and name.
 */
public final class SoftwareFramework {
    /** Zeek's {@code Software::asset_tracking} choices (base/utils/directions-and-hosts.zeek). */
    public enum AssetTracking { LOCAL_HOSTS, REMOTE_HOSTS, ALL_HOSTS, NO_HOSTS }

    /** Zeek's {@code found_cache_interval}. */
    static final long FOUND_CACHE_NANOS = 600_000_000_000L;
    /** Zeek's {@code tracked_software} create_expire. */
    static final long TRACK_NANOS = 86_400_000_000_000L;
    /** Zeek's {@code max_software_cache_size}. */
    static final int MAX_VERSIONS = 20;
    /** Hosts tracked at most (Zeek has no cap; a day of a large network stays far below it). */
    public static final int MAX_HOSTS = 200_000;
    /** Sightings in the dedup cache at most. */
    public static final int MAX_FOUND = 100_000;
    /** Parsed banners remembered (Zeek's parse_cache). */
    static final int PARSE_CACHE = 1024;

    private final AssetTracking tracking;
    private final NetSet localNets;
    private final LogStream stream;
    private final SoftwareParser parser = new SoftwareParser();

    private record FoundKey(long hi, long lo, int port, String type, String banner) {
    }

    private record Host(long created, Map<String, Set<String>> versionsByName) {
    }

    private record HostKey(long hi, long lo) {
    }

    private final LinkedHashMap<FoundKey, Long> found = new LinkedHashMap<>();
    private final LinkedHashMap<HostKey, Host> hosts = new LinkedHashMap<>();
    private final LinkedHashMap<String, SoftwareParser.Description> parsed =
            new LinkedHashMap<>(PARSE_CACHE * 2, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, SoftwareParser.Description> e) {
                    return size() > PARSE_CACHE;
                }
            };

    /**
     * @param tracking  which hosts to track (Zeek's default LOCAL_HOSTS)
     * @param localNets Zeek's {@code Site::local_nets}
     * @param stream    software.log
     */
    public SoftwareFramework(AssetTracking tracking, NetSet localNets, LogStream stream) {
        this.tracking = tracking;
        this.localNets = localNets;
        this.stream = stream;
    }

    /** Subscribes a new framework to {@code events}. */
    public static SoftwareFramework install(EventBus events, AssetTracking tracking, NetSet localNets,
                                            LogStream stream) {
        SoftwareFramework f = new SoftwareFramework(tracking, localNets, stream);
        events.subscribe(SoftwareFound.class, f::found);
        return f;
    }

    /** Zeek's {@code Software::found} followed by {@code Software::new} and {@code Software::register}. */
    public void found(SoftwareFound s) {
        if (!tracked(s.hostHi(), s.hostLo())) {
            return;
        }
        long now = s.ts();
        expireFound(now);
        FoundKey key = new FoundKey(s.hostHi(), s.hostLo(), s.hostPort(), s.softwareType(), s.unparsedVersion());
        if (found.containsKey(key)) {
            return;
        }
        found.put(key, now);
        if (found.size() > MAX_FOUND) {
            Iterator<?> it = found.keySet().iterator();
            it.next();
            it.remove();
        }

        SoftwareParser.Description d = parsed.get(s.unparsedVersion());
        if (d == null) {
            d = parser.parse(s.unparsedVersion().getBytes(StandardCharsets.ISO_8859_1));
            parsed.put(s.unparsedVersion(), d);
        }

        Host host = host(s.hostHi(), s.hostLo(), now);
        String name = d.nameString();
        Set<String> versions = host.versionsByName().get(name);
        if (versions != null && versions.contains(s.unparsedVersion())) {
            return;
        }
        if (versions == null) {
            versions = new LinkedHashSet<>();
            host.versionsByName().put(name, versions);
        }
        versions.add(s.unparsedVersion());
        if (versions.size() > MAX_VERSIONS) {
            versions.clear();
            versions.add(s.unparsedVersion());
        }
        stream.write(new SoftwareLog(now, s.hostHi(), s.hostLo(), s.hostPort(), s.softwareType(), d));
    }

    /** Zeek's {@code addr_matches_host(host, asset_tracking)}. */
    private boolean tracked(long hi, long lo) {
        return switch (tracking) {
            case ALL_HOSTS -> true;
            case NO_HOSTS -> false;
            case LOCAL_HOSTS -> localNets.contains(hi, lo);
            case REMOTE_HOSTS -> !localNets.contains(hi, lo);
        };
    }

    private void expireFound(long now) {
        Iterator<Map.Entry<FoundKey, Long>> it = found.entrySet().iterator();
        while (it.hasNext()) {
            if (now - it.next().getValue() >= FOUND_CACHE_NANOS) {
                it.remove();
            } else {
                break;
            }
        }
    }

    private Host host(long hi, long lo, long now) {
        Iterator<Map.Entry<HostKey, Host>> it = hosts.entrySet().iterator();
        while (it.hasNext()) {
            if (now - it.next().getValue().created() >= TRACK_NANOS) {
                it.remove();
            } else {
                break;
            }
        }
        HostKey k = new HostKey(hi, lo);
        Host h = hosts.get(k);
        if (h == null) {
            h = new Host(now, new HashMap<>());
            hosts.put(k, h);
            if (hosts.size() > MAX_HOSTS) {
                Iterator<HostKey> oldest = hosts.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
        }
        return h;
    }

    /** Hosts tracked now (for tests). */
    int trackedHosts() {
        return hosts.size();
    }

    /** The names known for a host (for tests). */
    List<String> names(long hi, long lo) {
        Host h = hosts.get(new HostKey(hi, lo));
        return h == null ? List.of() : new ArrayList<>(h.versionsByName().keySet());
    }
}
