/**
 * SMB (Zeek's SMB analyzer, {@code src/analyzer/protocol/smb}, and {@code base/protocols/smb}): SMB2 and SMB3
 * ([MS-SMB2]) and SMB1 ([MS-CIFS], [MS-SMB]; {@link io.osprey.analyzer.smb.Smb1Parser}) over NetBIOS session
 * service framing (RFC 1002 §4.3) on ports 139 and 445 or found by Zeek's DPD signature.
 *
 * <p>{@link io.osprey.analyzer.smb.SmbAnalyzer} frames and parses the messages (compound chains included) and calls
 * {@link io.osprey.analyzer.smb.SmbState}, which keeps what Zeek's binpac connection and its scripts keep
 * ({@code c$smb_state}) and runs the script handlers in Zeek's event order. Files read (READ responses) and written
 * (WRITE requests) go to the files framework at their file offsets, named as Zeek's {@code SMB::get_file_handle}
 * names them; CLOSE ends them. Logs: files.log (source "SMB"), smb_files.log ({@link io.osprey.analyzer.smb.SmbLog},
 * actions in {@code SMB::logged_file_actions}), smb_mapping.log; conn.log's service "smb" once confirmed (third
 * delivery parsed without error, as Zeek), and the services of the analyzers Zeek runs inside SMB:
 * {@link io.osprey.analyzer.smb.SmbAuth} hands the security blobs of NEGOTIATE and SESSION_SETUP to a GSSAPI
 * ({@link io.osprey.analyzer.gssapi}) or NTLM ({@link io.osprey.analyzer.ntlm}) analyzer of its own, which confirm
 * "gssapi", "ntlm" and "krb" and feed ntlm.log; "dce_rpc" from named-pipe data is checked structurally.
 *
 * <p>Known gaps: of SMB1's other commands only TRANSACTION on named pipes is looked at (for "dce_rpc");
 * TRANSACTION2, NT_TRANSACT and the rest are not parsed, nor are SMB1 messages larger than
 * {@link io.osprey.analyzer.smb.SmbAnalyzer#MAX_MESSAGE}; SMB3 encrypted messages (transform header) cannot be parsed, as in
 * Zeek; DCE-RPC itself (dce_rpc.log), kerberos.log, smb_cmd.log (policy script) and the SMB events'
 * other details (negotiate, ioctl, query info) are not implemented. Messages larger
 * than {@link io.osprey.analyzer.smb.SmbAnalyzer#MAX_MESSAGE} are not buffered: READ/WRITE data in them is streamed
 * (file times then come from the first segment), other commands in them are skipped.
 */
package io.osprey.analyzer.smb;
