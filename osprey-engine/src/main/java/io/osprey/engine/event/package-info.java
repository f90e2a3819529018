/**
 * The per-worker event bus ({@link io.osprey.engine.event.EventBus}): analyzers publish typed events, log streams and
 * frameworks subscribe. Zeek's event engine (events raised by analyzers, handled by scripts) without a scripting
 * language; events are Java records defined next to the analyzer that raises them.
 */
package io.osprey.engine.event;
