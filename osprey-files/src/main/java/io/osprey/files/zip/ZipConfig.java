package io.osprey.files.zip;

/**
 * Limits of the ZIP file analyzer. Zeek has only the first (Spicy's file depth); the others are Osprey's caps on
 * what an attacker-controlled archive can make a worker do, each ending the archive's analysis with an analyzer
 * violation when reached. Set at setup, read-only afterwards.
 */
public final class ZipConfig {
    /**
     * Zeek's {@code Spicy::max_file_depth} (5): a ZIP inside a ZIP ... is analyzed down to this many files deep;
     * the analyzer of a file that deep reports "maximal file depth exceeded" and stops.
     */
    public int maxFileDepth = 5;
    /**
     * Local file entries analyzed per archive: 65,535, the most an end-of-central-directory record can count
     * without ZIP64, which Zeek does not support either. Each entry is a file (and a files.log row).
     */
    public int maxEntries = 65_535;
    /**
     * Content bytes the ZIP analyzers may produce from one file a protocol carried, over all archives nested in it
     * (zip bombs: deflate expands up to ~1032:1, and nesting multiplies it): 1 GiB, ten times Zeek's default
     * extraction limit ({@code FileExtract::default_limit}, 100 MiB), so ordinary archives are never cut.
     */
    public long maxTreeBytes = 1L << 30;
}
