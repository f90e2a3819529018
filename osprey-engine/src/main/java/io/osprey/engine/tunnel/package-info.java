/**
 * tunnel.log and the table of IP-level tunnels (base/frameworks/tunnels/main.zeek). Gap: the one-hour expiry of
 * idle tunnels (Tunnel::expiration_interval).
 */
package io.osprey.engine.tunnel;
