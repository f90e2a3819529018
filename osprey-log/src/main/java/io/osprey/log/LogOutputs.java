package io.osprey.log;

import io.osprey.log.writer.AsciiLogWriterFactory;
import io.osprey.log.writer.JsonLogWriterFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The built-in file outputs of a run, named as Zeek names them: {@code <path>.log} for ASCII; {@code <path>.log}
 * for JSON when JSON is the only format (Zeek's {@code LogAscii::use_json=T}); {@code <path>.json} for JSON when both
 * formats are written in one run. Use: {@code new LogManager(LogOutputs.files(dir, formats))}.
 */
public final class LogOutputs {
    private LogOutputs() {
    }

    /**
     * Writer factories for {@code formats} (duplicates ignored, order TSV then JSON) writing into {@code dir}.
     *
     * @throws IllegalArgumentException when no format is given
     */
    public static List<LogWriterFactory> files(Path dir, LogFormat... formats) {
        EnumSet<LogFormat> set = EnumSet.noneOf(LogFormat.class);
        for (LogFormat f : formats) {
            set.add(f);
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("no log format given");
        }
        List<LogWriterFactory> out = new ArrayList<>(2);
        if (set.contains(LogFormat.TSV)) {
            out.add(new AsciiLogWriterFactory(dir));
        }
        if (set.contains(LogFormat.JSON)) {
            out.add(new JsonLogWriterFactory(dir, set.contains(LogFormat.TSV) ? ".json" : ".log"));
        }
        return List.copyOf(out);
    }
}
