/**
 * HTTP/1.x (RFC 9110/9112, and RFC 1945/2616 behaviour where clients and servers still rely on it): requests and
 * replies paired across keep-alive and pipelining, bodies by Content-Length, chunked transfer coding and connection
 * close, 1xx interim replies, HEAD/204/304, HTTP/0.9, CONNECT and Upgrade, obsolete header folding, multipart
 * bodies (RFC 2046) with base64/quoted-printable parts, gzip/deflate Content-Encoding decoded for the files
 * framework, basic auth (RFC 7617), proxy headers, and http.log. Zeek counterpart: src/analyzer/protocol/http
 * (HTTP.cc), mime/MIME.cc, tcp/ContentLine.cc, zip/ZIP.cc, and scripts base/protocols/http (main, entities, files,
 * utils) plus policy/protocols/http (software, header-names, var-extraction-uri).
 * Known gaps: bytes after CONNECT or an Upgrade are not handed to another analyzer (Zeek's PIA child) and no HTTP
 * tunnel is registered in tunnel.log; range (206) bodies are delivered to files in arrival order, not at their offsets;
 * LimitReachedWeird's conn.log history 'X' is not added; http_entity_data/http_event and signature matching on
 * HTTP bodies (Zeek's Rule::HTTP_*) are not provided.
 */
package io.osprey.analyzer.http;
