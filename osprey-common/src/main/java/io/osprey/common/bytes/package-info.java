/** Unsigned big/little-endian reads over MemorySegment: the only way the hot path reads packet bytes. */
package io.osprey.common.bytes;
