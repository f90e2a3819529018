package io.osprey.files.hash;

import io.osprey.files.FileAnalyzer;
import io.osprey.files.FileState;
import io.osprey.files.FilesConfig;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Zeek's MD5/SHA1/SHA256 file analyzers (file_analysis/analyzer/hash): digests the content as it streams in and
 * reports the hex digest (files.log {@code md5}, {@code sha1}, {@code sha256}) when the file ends. As in Zeek, a hole
 * in the content removes the analyzer (no digest of an incomplete file), and a file with no content gets none.
 */
public final class HashAnalyzer implements FileAnalyzer {
    private final FilesConfig.Hash kind;
    private final MessageDigest digest;
    private boolean fed;

    /** A fresh digest of {@code kind}. */
    public HashAnalyzer(FilesConfig.Hash kind) {
        this.kind = kind;
        try {
            this.digest = MessageDigest.getInstance(kind.jcaName());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + kind.jcaName(), e);
        }
    }

    @Override
    public String name() {
        return kind.zeekName();
    }

    @Override
    public boolean deliverStream(byte[] data, int off, int len) {
        fed |= len > 0;
        digest.update(data, off, len);
        return true;
    }

    @Override
    public boolean undelivered(long offset, long len) {
        return false;
    }

    @Override
    public boolean endOfFile(FileState file) {
        if (fed) {
            file.setHash(kind, HexFormat.of().formatHex(digest.digest()));
        }
        return false;
    }
}
