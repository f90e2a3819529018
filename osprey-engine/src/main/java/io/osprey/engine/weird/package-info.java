/**
 * weird.log with Zeek's filtering (base/frameworks/notice/weird.zeek): per-name actions and the 10-minute repeat
 * suppression. Gaps: notice.log rows for the NOTICE_* actions, Zeek's core sampling (sampling_threshold).
 */
package io.osprey.engine.weird;
