package io.osprey.files;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Builds ZIP archives byte by byte for tests (APPNOTE 4.3.7 local header, 4.3.9 data descriptor, 4.3.12 central
 * directory, 4.3.16 end of central directory), including what java.util.zip refuses to write: wrong CRCs, bad
 * lengths, encrypted flags, unknown methods, descriptors without sizes in the header.
 */
final class ZipBuilder {
    static final int STORED = 0;
    static final int DEFLATE = 8;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream central = new ByteArrayOutputStream();
    private int entries;

    /** A stored entry with sizes and CRC in its header. */
    ZipBuilder stored(String name, byte[] data) {
        return entry(name, data, STORED, 0, false, true, null);
    }

    /** A deflated entry with sizes and CRC in its header. */
    ZipBuilder deflated(String name, byte[] data) {
        return entry(name, data, DEFLATE, 0, false, true, null);
    }

    /**
     * One local entry (and its central directory record).
     *
     * @param flags          general purpose flags (bit 0 encrypted; bit 3 is added for {@code descriptor})
     * @param descriptor     content followed by a data descriptor (with its signature)
     * @param sizesInHeader  the local header carries CRC and sizes (else zeros, as streaming writers do)
     * @param crcOverride    a CRC to write instead of the right one, or null
     */
    ZipBuilder entry(String name, byte[] data, int method, int flags, boolean descriptor, boolean sizesInHeader,
                     Long crcOverride) {
        CRC32 c = new CRC32();
        c.update(data);
        long crc = crcOverride != null ? crcOverride : c.getValue();
        byte[] body = method == DEFLATE ? deflate(data) : data;
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        int fl = flags | (descriptor ? 8 : 0);
        int offset = out.size();
        le32(out, 0x04034b50);
        le16(out, 20);
        le16(out, fl);
        le16(out, method);
        le16(out, 0x6000);
        le16(out, 0x5321);
        le32(out, sizesInHeader ? crc : 0);
        le32(out, sizesInHeader ? body.length : 0);
        le32(out, sizesInHeader ? data.length : 0);
        le16(out, n.length);
        le16(out, 4);
        out.writeBytes(n);
        out.writeBytes(new byte[] {(byte) 0xfe, (byte) 0xca, 0, 0});
        out.writeBytes(body);
        if (descriptor) {
            le32(out, 0x08074b50);
            le32(out, crc);
            le32(out, body.length);
            le32(out, data.length);
        }
        le32(central, 0x02014b50);
        le16(central, 0x031e);
        le16(central, 20);
        le16(central, fl);
        le16(central, method);
        le16(central, 0x6000);
        le16(central, 0x5321);
        le32(central, crc);
        le32(central, body.length);
        le32(central, data.length);
        le16(central, n.length);
        le16(central, 0);
        le16(central, 7);
        le16(central, 0);
        le16(central, 0);
        le32(central, 0);
        le32(central, offset);
        central.writeBytes(n);
        central.writeBytes("comment".getBytes(StandardCharsets.US_ASCII));
        entries++;
        return this;
    }

    /** Bytes appended as they are (hand-made records). */
    ZipBuilder raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    /** The local entries only (no central directory). */
    byte[] localsOnly() {
        return out.toByteArray();
    }

    /** The archive: local entries, central directory, end of central directory with a comment. */
    byte[] build() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(out.toByteArray());
        int cdOffset = all.size();
        byte[] cd = central.toByteArray();
        all.writeBytes(cd);
        byte[] comment = "archive comment\r\nline2".getBytes(StandardCharsets.US_ASCII);
        le32(all, 0x06054b50);
        le16(all, 0);
        le16(all, 0);
        le16(all, entries);
        le16(all, entries);
        le32(all, cd.length);
        le32(all, cdOffset);
        le16(all, comment.length);
        all.writeBytes(comment);
        return all.toByteArray();
    }

    static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(data);
        d.finish();
        byte[] buf = new byte[Math.max(64, data.length + 64)];
        List<byte[]> parts = new ArrayList<>();
        int total = 0;
        while (!d.finished()) {
            int k = d.deflate(buf);
            parts.add(Arrays.copyOf(buf, k));
            total += k;
        }
        d.end();
        byte[] r = new byte[total];
        int p = 0;
        for (byte[] x : parts) {
            System.arraycopy(x, 0, r, p, x.length);
            p += x.length;
        }
        return r;
    }

    static void le16(ByteArrayOutputStream o, int v) {
        o.write(v & 0xFF);
        o.write((v >>> 8) & 0xFF);
    }

    static void le32(ByteArrayOutputStream o, long v) {
        le16(o, (int) (v & 0xFFFF));
        le16(o, (int) ((v >>> 16) & 0xFFFF));
    }
}
