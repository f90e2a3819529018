/**
 * tunnel.log and the table of active tunnels (base/frameworks/tunnels/main.zeek): DISCOVER, CLOSE, and EXPIRE
 * after Tunnel::expiration_interval without a new connection in the tunnel.
 */
package io.osprey.engine.tunnel;
