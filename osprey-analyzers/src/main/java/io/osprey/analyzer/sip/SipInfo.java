package io.osprey.analyzer.sip;

import io.osprey.engine.analyzer.ConnInfo;

import java.util.List;

/**
 * One sip.log row (Zeek's {@code SIP::Info} as {@code Log::write} sees it): published on the event bus by the
 * {@link SipAnalyzer}'s script state when Zeek's script would log, a snapshot that later changes to the
 * transaction do not touch. Strings are the header bytes as ISO-8859-1; unset fields are null, unset status -1, unset lengths null (a count is unsigned).
 */
public record SipInfo(long ts, ConnInfo conn, long transDepth, String method, String uri, String date,
                      String requestFrom, String requestTo, String responseFrom, String responseTo, String replyTo,
                      String callId, String seq, String subject, List<String> requestPath, List<String> responsePath,
                      String userAgent, long statusCode, String statusMsg, String warning, Long requestBodyLen,
                      Long responseBodyLen, String contentType) {
}
