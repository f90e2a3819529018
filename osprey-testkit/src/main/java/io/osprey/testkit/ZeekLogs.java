package io.osprey.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads Zeek ASCII logs (ours or Zeek's) into rows of field name → text, for assertions. */
public final class ZeekLogs {
    private ZeekLogs() {
    }

    /** The rows of {@code log}, in file order; empty when the file does not exist (Zeek writes no empty logs). */
    public static List<Map<String, String>> read(Path log) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        if (!Files.exists(log)) {
            return rows;
        }
        String[] fields = null;
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("#fields\t")) {
                fields = line.substring(8).split("\t");
            } else if (!line.startsWith("#") && fields != null) {
                String[] v = line.split("\t", -1);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < fields.length && i < v.length; i++) {
                    row.put(fields[i], v[i]);
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
