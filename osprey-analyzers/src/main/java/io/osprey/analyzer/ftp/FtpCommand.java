package io.osprey.analyzer.ftp;

import io.osprey.engine.analyzer.ConnInfo;

/**
 * One logged FTP command with its reply (a row of ftp.log: Zeek's {@code FTP::Info} as {@code ftp_message} writes
 * it): published on the event bus by {@link FtpSession} when Zeek would write the row; immutable. Text fields are the
 * wire bytes as ISO-8859-1 strings; null means unset.
 *
 * @param conn        the control connection
 * @param ts          the command's time (ns since the epoch)
 * @param user        the user name ("&lt;unknown&gt;" before USER)
 * @param password    the password, "&lt;hidden&gt;" unless the user is a guest, or null
 * @param command     the command (uppercase), or null
 * @param arg         its argument (a URL for file commands), or null when empty
 * @param mimeType    the type of the file transferred for it, or null
 * @param fileSize    the size a reply announced, or -1
 * @param replyCode   the reply code, or -1
 * @param replyMsg    the reply text, or null
 * @param dataChannel the data channel it announced, or null
 * @param fuid        the file transferred for it, or null
 */
public record FtpCommand(ConnInfo conn, long ts, String user, String password, String command, String arg,
                         String mimeType, long fileSize, int replyCode, String replyMsg, DataChannel dataChannel,
                         String fuid) {
    /**
     * An announced data connection (Zeek's {@code FTP::ExpectedDataChannel}).
     *
     * @param passive true for PASV/EPSV (the client connects), false for PORT/EPRT (the server connects)
     */
    public record DataChannel(boolean passive, long origHi, long origLo, long respHi, long respLo, int respPort) {
    }
}
