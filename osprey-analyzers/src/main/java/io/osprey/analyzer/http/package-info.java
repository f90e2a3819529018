/**
 * HTTP/1.x (RFC 9110/9112, and RFC 1945/2616 behaviour where clients and servers still rely on it): requests and
 * replies paired across keep-alive and pipelining, bodies by Content-Length, chunked transfer coding and connection
 * close, 1xx interim replies, HEAD/204/304, HTTP/0.9, CONNECT and Upgrade (then payload detection takes the
 * connection over), obsolete header folding, multipart bodies (RFC 2046) with base64/quoted-printable parts,
 * gzip/deflate Content-Encoding decoded for the files framework, basic auth (RFC 7617), proxy headers, and http.log.
 * Zeek counterpart: src/analyzer/protocol/http (HTTP.cc), mime/MIME.cc, tcp/ContentLine.cc, zip/ZIP.cc, and the
 * scripts base/protocols/http (main, entities, files, utils) and policy/protocols/http (software,
 * software-browser-plugins, header-names, var-extraction-uri, detect-sql-injection's tags).
 * A successful CONNECT registers an HTTP tunnel (tunnel.log, originator port 0, as main.zeek does).
 * Known gaps: detect-sql-injection's SumStats notices are not raised; Zeek's http_entity_data/http_event and
 * signature matching on HTTP bodies (Rule::HTTP_*) are not provided; the WebSocket analyzer that Zeek attaches after an Upgrade does not exist yet.
 */
package io.osprey.analyzer.http;
