/**
 * Link layers: Ethernet II / 802.3 (+ Cisco FabricPath), 802.1Q/802.1ad VLAN and QinQ, MPLS, PPPoE, PPP and PPP in
 * HDLC framing, BSD loopback (DLT_NULL), Linux cooked capture v1/v2, NFLOG, 802.2 LLC and SNAP, Novell raw 802.3,
 * 802.1ah PBB, Cisco VN-Tag, ARP (length checks only), IEEE 802.11 data frames (incl. A-MSDU), radiotap and FDDI.
 *
 * <p>Standards: IEEE 802.3, 802.1Q, 802.1ah, 802.2, 802.11; RFC 3032 (MPLS), RFC 2516 (PPPoE), RFC 1661/1662 (PPP).
 * Zeek counterparts: {@code src/packet_analysis/protocol/{ethernet,vlan,mpls,pppoe,ppp,ppp_serial,null,linux_sll,
 * linux_sll2,nflog,llc,snap,novell_802_3,pbb,vntag,arp,ieee802_11,ieee802_11_radio,fddi}}.
 *
 * <p>Gaps: DLT_LOOP (108) is, as in Zeek, not registered and falls to the root default (IP); Linux SLL source
 * addresses are not recorded as L2 addresses; ARP events (request/reply/bad_arp) are the engine's business.
 */
package io.osprey.packet.link;
