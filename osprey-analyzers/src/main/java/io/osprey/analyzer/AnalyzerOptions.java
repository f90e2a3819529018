package io.osprey.analyzer;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * Run settings of the analyzers and the frameworks they feed, with Zeek's defaults. Set by the CLI (options,
 * {@code --scripts}, {@code --redef}); read at setup.
 */
public final class AnalyzerOptions {
    /** Hash algorithms computed for every file (Zeek: none by default; {@code frameworks/files/hash-all-files} = all three). */
    public enum Hash { MD5, SHA1, SHA256 }

    /** Hashes computed for every file. */
    public Set<Hash> fileHashes = EnumSet.noneOf(Hash.class);
    /** Directory files are extracted to, or null for no extraction. */
    public Path extractDir;
    /** Log HTTP basic-auth passwords (Zeek's {@code HTTP::default_capture_password}, default F). */
    public boolean httpCapturePassword;
    /** Raise notices for protocols found on non-standard ports (Bro's backdoor policy); on by default. */
    public boolean nonStandardPortNotices = true;
    /** Seed for deterministic file ids (fuids), like conn uids. */
    public long seed;
}
