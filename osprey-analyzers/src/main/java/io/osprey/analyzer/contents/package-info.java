/**
 * Bro's {@code contents} output ({@code osprey -r F --contents}): every TCP connection's reassembled streams written
 * to files, gaps marked as Zeek's reassembler marks them; see {@link io.osprey.analyzer.contents.ContentsWriter}.
 */
package io.osprey.analyzer.contents;
