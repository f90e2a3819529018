package io.osprey.engine.event;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The in-process event bus of one worker: analyzers publish typed events (records such as a finished DNS
 * transaction or an HTTP request), and log streams, the software and notice frameworks, and anything else that wants
 * them (later: policies, remote peers) subscribe by event type. Zeek's event engine without the scripting: handlers
 * run synchronously, in subscription order, on the publishing thread (the worker's), so a handler sees the state of
 * the connection as it is when the event is raised.
 *
 * <p>Events are raised per transaction or per connection, never per packet; {@link #wants(Class)} lets a publisher
 * skip building an event nobody listens to. A handler that throws is a bug: the exception propagates to the
 * analyzer call, whose seatbelt detaches the analyzer (style guide §6.4).
 */
public final class EventBus {
    private final Map<Class<?>, Consumer<Object>[]> handlers = new HashMap<>();

    /** Subscribes {@code handler} to events of exactly {@code type} (not its subtypes). Setup time only. */
    @SuppressWarnings("unchecked")
    public <E> void subscribe(Class<E> type, Consumer<? super E> handler) {
        Consumer<Object>[] old = handlers.get(type);
        List<Consumer<Object>> l = new ArrayList<>();
        if (old != null) {
            l.addAll(List.of(old));
        }
        l.add((Consumer<Object>) handler);
        handlers.put(type, l.toArray(new Consumer[0]));
    }

    /** True when at least one handler is subscribed to {@code type}. */
    public boolean wants(Class<?> type) {
        return handlers.containsKey(type);
    }

    /** Delivers {@code event} to every handler of its class, in subscription order. */
    public void publish(Object event) {
        Consumer<Object>[] hs = handlers.get(event.getClass());
        if (hs == null) {
            return;
        }
        for (Consumer<Object> h : hs) {
            h.accept(event);
        }
    }
}
