package io.osprey.log;

import java.util.List;

/**
 * A log stream's shape: its path (file stem, e.g. {@code conn}) and its fields in order. Records are written
 * field by field in exactly this order through a {@link FieldWriter}.
 *
 * @param path   the log path ("conn", "weird", "tunnel"...), as in Zeek's {@code #path}
 * @param fields the columns, in order
 */
public record LogSchema(String path, List<Field> fields) {
    public LogSchema {
        fields = List.copyOf(fields);
    }

    /** Convenience: builds a schema from alternating name/type pairs. */
    public static LogSchema of(String path, Object... nameTypePairs) {
        Field[] f = new Field[nameTypePairs.length / 2];
        for (int i = 0; i < f.length; i++) {
            f[i] = new Field((String) nameTypePairs[2 * i], (FieldType) nameTypePairs[2 * i + 1]);
        }
        return new LogSchema(path, List.of(f));
    }
}
