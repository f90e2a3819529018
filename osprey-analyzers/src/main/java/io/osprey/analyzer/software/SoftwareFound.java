package io.osprey.analyzer.software;

import io.osprey.engine.analyzer.ConnInfo;

/**
 * Event: a protocol analyzer saw a software banner (Zeek's {@code Software::found}): an HTTP User-Agent or Server
 * header now; SSH, FTP and SMTP banners later. The software framework parses {@code unparsedVersion} into name and
 * version and logs the first sighting per host and software to software.log.
 *
 * @param conn            the connection it was seen on
 * @param hostHi          the host running the software (high 64 bits of its address)
 * @param hostLo          low 64 bits of the host's address
 * @param hostPort        the port it serves on, or -1 for clients (software.log {@code host_p} unset)
 * @param softwareType    Zeek's {@code Software::Type} as software.log prints it, e.g. "HTTP::BROWSER", "HTTP::SERVER",
 *                        "HTTP::APPSERVER"
 * @param unparsedVersion the banner as seen (software.log {@code unparsed_version}), one char per byte
 *                        (ISO-8859-1), so that the bytes Zeek logs survive: build it with
 *                        {@code new String(bytes, StandardCharsets.ISO_8859_1)}
 * @param ts              network time, ns since the epoch
 */
public record SoftwareFound(ConnInfo conn, long hostHi, long hostLo, int hostPort, String softwareType,
                            String unparsedVersion, long ts) {
}
