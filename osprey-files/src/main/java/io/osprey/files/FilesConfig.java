package io.osprey.files;

import io.osprey.common.net.NetSet;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Settings of the files framework, with Zeek 9.1's defaults (init-bare.zeek, base/frameworks/files,
 * base/files/extract). Filled in at setup (the analyzers module maps run options onto it); read-only afterwards.
 */
public final class FilesConfig {
    /** The hash file analyzers (Zeek's {@code Files::ANALYZER_MD5}, {@code _SHA1}, {@code _SHA256}). */
    public enum Hash {
        MD5("MD5", "MD5"), SHA1("SHA1", "SHA-1"), SHA256("SHA256", "SHA-256");

        private final String zeekName;
        private final String jcaName;

        Hash(String zeekName, String jcaName) {
            this.zeekName = zeekName;
            this.jcaName = jcaName;
        }

        /** The analyzer name as files.log {@code analyzers} prints it. */
        public String zeekName() {
            return zeekName;
        }

        /** The {@link java.security.MessageDigest} algorithm. */
        public String jcaName() {
            return jcaName;
        }
    }

    /** Zeek's {@code default_file_bof_buffer_size}: bytes buffered at the start of a file for MIME sniffing. */
    public int bofBufferSize = 4096;
    /** Zeek's {@code default_file_timeout_interval} (2 min), ns: a file without activity this long times out. */
    public long timeoutIntervalNanos = 120_000_000_000L;
    /**
     * Zeek's {@code Files::reassembly_buffer_size}: bytes a file buffers for out-of-order pieces before it gives up
     * on the hole (files.log {@code overflow_bytes}). 0 disables reassembly (pieces out of order are dropped).
     */
    public long reassemblyBufferSize = 524_288;
    /** Hashes computed for every file (Zeek's frameworks/files/hash-all-files: all three; default none). */
    public Set<Hash> hashes = EnumSet.noneOf(Hash.class);
    /**
     * Directory every file is extracted to (Zeek's frameworks/files/extract-all-files with
     * {@code FileExtract::prefix}), or null for no extraction.
     */
    public Path extractDir;
    /** Zeek's {@code FileExtract::default_limit}: bytes extracted at most per file (0 = no limit); 100 MiB. */
    public long extractLimit = 104_857_600L;
    /** Zeek's {@code FileExtract::default_limit_includes_missing}: holes count toward the limit. */
    public boolean extractLimitIncludesMissing = true;
    /** Zeek's {@code Site::local_nets}, for files.log {@code local_orig} (unset when empty). */
    public NetSet localNets = NetSet.zeekPrivateSpace();
    /** files.log has the md5/sha1/sha256 columns (Zeek loaded base/files/hash: default scripts, or asked for). */
    public boolean hashColumns = true;
    /** files.log has the extracted* columns (Zeek loaded base/files/extract). */
    public boolean extractColumns = true;
    /** Limits of the ZIP file analyzer (attached when {@link #mimeAnalyzers} maps a type to "ZIP"). */
    public io.osprey.files.zip.ZipConfig zip = new io.osprey.files.zip.ZipConfig();
    /**
     * File analyzers attached by sniffed MIME type (Zeek's {@code Files::register_for_mime_type}), by analyzer name
     * as files.log lists them. Hash names compute the hash; other names (PE, X509, ...) are listed in files.log's
     * {@code analyzers} as Zeek lists them but do not run here yet, except ZIP (Zeek's policy files/zip/register
     * maps application/zip to it). {@link #zeekBaseMimeAnalyzers()} has what
     * Zeek's default scripts register.
     */
    public Map<String, List<String>> mimeAnalyzers = new LinkedHashMap<>();

    /**
     * What Zeek's default scripts register by MIME type: base/files/pe (PE for Windows executables) and
     * base/files/x509 (X509 plus all three hashes for certificates).
     */
    public static Map<String, List<String>> zeekBaseMimeAnalyzers() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("application/x-dosexec", List.of("PE"));
        List<String> x509 = List.of("X509", "MD5", "SHA1", "SHA256");
        m.put("application/x-x509-user-cert", x509);
        m.put("application/x-x509-ca-cert", x509);
        m.put("application/pkix-cert", x509);
        return m;
    }
}
