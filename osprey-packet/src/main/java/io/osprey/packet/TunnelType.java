package io.osprey.packet;

/** Tunnel types with the names Zeek's {@code Tunnel::Type} enum prints in tunnel.log ("Tunnel::IP"...). */
public enum TunnelType {
    NONE, IP, AYIYA, TEREDO, SOCKS, GTPv1, HTTP, GRE, VXLAN, GENEVE;

    private final String zeekName = "Tunnel::" + name();

    /** The enum as Zeek logs it, e.g. {@code Tunnel::VXLAN} (a constant: no allocation per call). */
    public String zeekName() {
        return zeekName;
    }
}
