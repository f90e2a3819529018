/** Addresses as two longs (IPv4 stored IPv4-mapped), parsing and formatting for configuration and messages. */
package io.osprey.common.net;
