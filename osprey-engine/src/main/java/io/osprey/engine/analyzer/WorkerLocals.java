package io.osprey.engine.analyzer;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The per-worker instances behind {@link AnalyzerEnv#workerLocal}: one object per type, made on first request.
 * Owned by the worker's thread (not synchronized).
 */
public final class WorkerLocals {
    private final Map<Class<?>, Object> byType = new HashMap<>();

    /** The instance of {@code type}, made by {@code make} the first time. */
    public <T> T get(Class<T> type, Supplier<T> make) {
        Object o = byType.get(type);
        if (o == null) {
            o = make.get();
            byType.put(type, o);
        }
        return type.cast(o);
    }
}
