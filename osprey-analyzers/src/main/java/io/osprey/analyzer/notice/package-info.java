/**
 * The notice framework's log (notice.log, Zeek's {@code base/frameworks/notice}) and the policies that raise notices
 * by default in Osprey: {@link io.osprey.analyzer.notice.ProtocolDetector} (protocols on non-standard ports, Zeek's
 * {@code policy/frameworks/analyzer/detect-protocols.zeek}). Known gaps: no notice suppression by identifier, no
 * email/alarm actions, no GeoIP.
 */
package io.osprey.analyzer.notice;
