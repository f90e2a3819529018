package io.osprey.analyzer.mysql;

import io.osprey.engine.analyzer.AnalyzerConfirmation;
import io.osprey.engine.analyzer.AnalyzerFailure;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Confirmations and violation texts exactly as Zeek 9.1 reported them ({@code analyzer_confirmation_info} /
 * {@code analyzer_violation_info}) for one connection per case, each a series of whole MySQL packets (hex, header
 * included) from the client ({@code true}) or the server: cut greetings and responses, strings without their NUL,
 * lengths past the packet, an unknown connection-phase packet type, a response before any greeting. The capture is
 * made from these bytes and run through {@code zeek -r}, and this table rewritten, by
 * {@code scripts/mysql-violation-cases.py} (its docstring has the three commands).
 */
class MysqlZeekViolationsTest {
    private record Case(String name, List<String> zeek, List<Object> segments) {
    }

    private static List<Case> cases() {
        return List.of(
                new Case("g10_cut_after_version",
                        List.of(
                        "Binpac exception: binpac exception: out_of_bound: Handshake_v10:"
                                + "auth_plugin_data_part_1: 19 > 12"),
                        List.of(
                        false, "0d0000000a382e302e3335002a00000061")),
                new Case("g10_no_nul",
                        List.of(
                        "Binpac exception: binpac exception: string mismatch at /opt/src/"
                                + "zeek/src/analyzer/protocol/mysql/mysql-protocol.pac:339: \nexpect"
                                + "ed pattern: \"[^\\0]*\\0\"\nactual data: \"8.0.35\""),
                        List.of(
                        false, "070000000a382e302e3335")),
                new Case("g10_cut_in_part2",
                        List.of(
                        "Binpac exception: binpac exception: out_of_bound: Handshake_v10:"
                                + "auth_plugin_data_part_2: 51 > 43"),
                        List.of(
                        false, "2c0000000a382e302e3335002a000000616263646566676800ffffff0200ffdf"
                                + "1500000000000000000000696a6b6c6d")),
                new Case("g10_plugin_no_nul",
                        List.of(
                        "Binpac exception: binpac exception: string mismatch at /opt/src/"
                                + "zeek/src/analyzer/protocol/mysql/mysql-protocol.pac:351: \nexpect"
                                + "ed pattern: \"[^\\0]*\\0\"\nactual data: \"mysql_native_password\""),
                        List.of(
                        false, "490000000a382e302e3335002a000000616263646566676800ffffff0200ffdf"
                                + "1500000000000000000000696a6b6c6d6e6f7071727374006d7973716c5f6e61"
                                + "746976655f70617373776f7264")),
                new Case("g9_no_scramble_nul",
                        List.of(
                        "Binpac exception: binpac exception: string mismatch at /opt/src/"
                                + "zeek/src/analyzer/protocol/mysql/mysql-protocol.pac:368: \nexpect"
                                + "ed pattern: \"[^\\0]*\\0\"\nactual data: \"abc\""),
                        List.of(
                        false, "0d00000009332e32330007000000616263")),
                new Case("err_greeting_short",
                        List.of(
                        "Binpac exception: binpac exception: out_of_bound: ERR_Packet:sta"
                                + "te: 8 > 3"),
                        List.of(
                        false, "04000000ff010203")),
                new Case("empty_greeting",
                        List.of(
                        "Binpac exception: binpac exception: out_of_bound: Initial_Handsh"
                                + "ake_Packet:version: 1 > 0"),
                        List.of(
                        false, "00000000")),
                new Case("resp_cut_pad",
                        List.of(
                        "Binpac exception: binpac exception: out_of_bound: Handshake_Resp"
                                + "onse_Packet_v10:pad: 32 > 20"),
                        List.of(
                        false, "4a0000000a382e302e3335002a000000616263646566676800ffffff0200ffdf"
                                + "1500000000000000000000696a6b6c6d6e6f7071727374006d7973716c5f6e61"
                                + "746976655f70617373776f726400",
                        true, "140000018da61f0000000001210000000000000000000000")),
                new Case("resp_pw_too_long",
                        List.of(
                        "Binpac exception: binpac exception: out_of_bound: LengthEncodedS"
                                + "tring:val: 51 > 3"),
                        List.of(
                        false, "4a0000000a382e302e3335002a000000616263646566676800ffffff0200ffdf"
                                + "1500000000000000000000696a6b6c6d6e6f7071727374006d7973716c5f6e61"
                                + "746976655f70617373776f726400",
                        true, "280000018da61f00000000012100000000000000000000000000000000000000"
                                + "00000000726f6f7400327878")),
                new Case("resp_pw_fc_cut",
                        List.of(
                        "Binpac exception: binpac exception: out_of_bound: LengthEncodedI"
                                + "ntegerLookahead:i2: 2 > 1"),
                        List.of(
                        false, "4a0000000a382e302e3335002a000000616263646566676800ffffff0200ffdf"
                                + "1500000000000000000000696a6b6c6d6e6f7071727374006d7973716c5f6e61"
                                + "746976655f70617373776f726400",
                        true, "270000018da61f00000000012100000000000000000000000000000000000000"
                                + "00000000726f6f7400fc01")),
                new Case("resp_no_db",
                        List.of(
                        "Binpac exception: binpac exception: string mismatch at /opt/src/"
                                + "zeek/src/analyzer/protocol/mysql/mysql-protocol.pac:411: \nexpect"
                                + "ed pattern: \"[^\\0]*\\0\"\nactual data: \"tes\""),
                        List.of(
                        false, "4a0000000a382e302e3335002a000000616263646566676800ffffff0200ffdf"
                                + "1500000000000000000000696a6b6c6d6e6f7071727374006d7973716c5f6e61"
                                + "746976655f70617373776f726400",
                        true, "2b0000018da61f00000000012100000000000000000000000000000000000000"
                                + "00000000726f6f7400026162746573")),
                new Case("resp_attrs_over",
                        List.of(
                        "Binpac exception: binpac exception: out_of_bound: Handshake_Conn"
                                + "ection_Attributes: 41 > 4"),
                        List.of(
                        false, "4a0000000a382e302e3335002a000000616263646566676800ffffff0200ffdf"
                                + "1500000000000000000000696a6b6c6d6e6f7071727374006d7973716c5f6e61"
                                + "746976655f70617373776f726400",
                        true, "2f0000018da61f00000000012100000000000000000000000000000000000000"
                                + "00000000726f6f740000646200700028616263")),
                new Case("resp_attrs_inner",
                        List.of(
                        "Binpac exception: binpac exception: out_of_bound: LengthEncodedS"
                                + "tring:val: 6 > 1"),
                        List.of(
                        false, "4a0000000a382e302e3335002a000000616263646566676800ffffff0200ffdf"
                                + "1500000000000000000000696a6b6c6d6e6f7071727374006d7973716c5f6e61"
                                + "746976655f70617373776f726400",
                        true, "300000018da61f00000000012100000000000000000000000000000000000000"
                                + "00000000726f6f74000064620070000402616205")),
                new Case("resp_zstd_missing",
                        List.of(
                        "Binpac exception: binpac exception: out_of_bound: Handshake_Plai"
                                + "n_v10:zstd_compression_level: 7 > 6"),
                        List.of(
                        false, "4a0000000a382e302e3335002a000000616263646566676800ffffff0200ffdf"
                                + "1500000000000000000000696a6b6c6d6e6f7071727374006d7973716c5f6e61"
                                + "746976655f70617373776f726400",
                        true, "2600000100020004000000012100000000000000000000000000000000000000"
                                + "00000000726f6f740000")),
                new Case("authswitch_no_nul",
                        List.of(
                        "CONFIRM",
                        "Binpac exception: binpac exception: string mismatch at /opt/src/"
                                + "zeek/src/analyzer/protocol/mysql/mysql-protocol.pac:677: \nexpect"
                                + "ed pattern: \"[^\\0]*\\0\"\nactual data: \"caching\""),
                        List.of(
                        false, "4a0000000a382e302e3335002a000000616263646566676800ffffff0200ffdf"
                                + "1500000000000000000000696a6b6c6d6e6f7071727374006d7973716c5f6e61"
                                + "746976655f70617373776f726400",
                        true, "6b0000018da61f00000000012100000000000000000000000000000000000000"
                                + "00000000726f6f74001430313233343536373839303132333435363738397465"
                                + "7374006d7973716c5f6e61746976655f70617373776f72640015045f70696403"
                                + "313233075f636c69656e7403636c69",
                        false, "08000002fe63616368696e67")),
                new Case("ok_fe_cut",
                        List.of(
                        "CONFIRM",
                        "Binpac exception: binpac exception: out_of_bound: LengthEncodedI"
                                + "ntegerLookahead:i4: 8 > 2"),
                        List.of(
                        false, "4a0000000a382e302e3335002a000000616263646566676800ffffff0200ffdf"
                                + "1500000000000000000000696a6b6c6d6e6f7071727374006d7973716c5f6e61"
                                + "746976655f70617373776f726400",
                        true, "6b0000018da61f00000000012100000000000000000000000000000000000000"
                                + "00000000726f6f74001430313233343536373839303132333435363738397465"
                                + "7374006d7973716c5f6e61746976655f70617373776f72640015045f70696403"
                                + "313233075f636c69656e7403636c69",
                        false, "0400000200fe0102")),
                new Case("empty_server_cp",
                        List.of(
                        "CONFIRM",
                        "Binpac exception: binpac exception: out_of_bound: Server_Connect"
                                + "ion_Phase_Packets:pkt_type: 1 > 0"),
                        List.of(
                        false, "4a0000000a382e302e3335002a000000616263646566676800ffffff0200ffdf"
                                + "1500000000000000000000696a6b6c6d6e6f7071727374006d7973716c5f6e61"
                                + "746976655f70617373776f726400",
                        true, "6b0000018da61f00000000012100000000000000000000000000000000000000"
                                + "00000000726f6f74001430313233343536373839303132333435363738397465"
                                + "7374006d7973716c5f6e61746976655f70617373776f72640015045f70696403"
                                + "313233075f636c69656e7403636c69",
                        false, "00000002")),
                new Case("v9_resp_cut",
                        List.of(
                        "Binpac exception: binpac exception: out_of_bound: Handshake_Resp"
                                + "onse_Packet_v9:max_pkt_size: 5 > 4"),
                        List.of(
                        false, "0e00000009332e3233000700000061626300",
                        true, "0400000185a40000")),
                new Case("v9_resp_no_pw_nul",
                        List.of(
                        "Binpac exception: binpac exception: string mismatch at /opt/src/"
                                + "zeek/src/analyzer/protocol/mysql/mysql-protocol.pac:452: \nexpect"
                                + "ed pattern: \"[^\\0]*\\0\"\nactual data: \"xx\""),
                        List.of(
                        false, "0e00000009332e3233000700000061626300",
                        true, "0c00000185a4000000726f6f74007878")),
                new Case("g10_enforce",
                        List.of(
                        "Binpac exception: binpac exception: &enforce violation : Handsha"
                                + "ke_v10:auth_plugin_data_len"),
                        List.of(
                        false, "4a0000000a382e302e3335002a000000616263646566676800ffffff0200ffdf"
                                + "0500000000000000000000696a6b6c6d6e6f7071727374006d7973716c5f6e61"
                                + "746976655f70617373776f726400")),
                new Case("g10_cut_in_block",
                        List.of(
                        "Binpac exception: binpac exception: out_of_bound: Handshake_v10:"
                                + "reserved: 38 > 22"),
                        List.of(
                        false, "170000000a382e302e3335002a000000616263646566676800ffff")),
                new Case("g10_bad_len_cut",
                        List.of(
                        "Binpac exception: binpac exception: out_of_bound: Handshake_v10:"
                                + "reserved: 38 > 32"),
                        List.of(
                        false, "210000000a382e302e3335002a000000616263646566676800ffffff0200ffdf"
                                + "0500000000")),
                new Case("err_code_cut",
                        List.of(
                        "Binpac exception: binpac exception: out_of_bound: ERR_Packet:cod"
                                + "e: 2 > 1"),
                        List.of(
                        false, "02000000ff01")),
                new Case("g9_cut_connid",
                        List.of(
                        "Binpac exception: binpac exception: out_of_bound: Handshake_v9:c"
                                + "onnection_id: 9 > 7"),
                        List.of(
                        false, "0800000009332e3233006162")),
                new Case("resp_cap_cut",
                        List.of(
                        "Binpac exception: binpac exception: out_of_bound: Handshake_Resp"
                                + "onse_Packet_v10:pad: 32 > 2"),
                        List.of(
                        false, "4a0000000a382e302e3335002a000000616263646566676800ffffff0200ffdf"
                                + "1500000000000000000000696a6b6c6d6e6f7071727374006d7973716c5f6e61"
                                + "746976655f70617373776f726400",
                        true, "020000018da6")),
                new Case("v9_resp_cap_cut",
                        List.of(
                        "Binpac exception: binpac exception: out_of_bound: Handshake_Resp"
                                + "onse_Packet_v9:max_pkt_size: 5 > 1"),
                        List.of(
                        false, "0e00000009332e3233000700000061626300",
                        true, "0100000185")),
                new Case("ok_empty_lei",
                        List.of(
                        "CONFIRM",
                        "Binpac exception: binpac exception: out_of_bound: LengthEncodedI"
                                + "nteger:length: 1 > 0"),
                        List.of(
                        false, "4a0000000a382e302e3335002a000000616263646566676800ffffff0200ffdf"
                                + "1500000000000000000000696a6b6c6d6e6f7071727374006d7973716c5f6e61"
                                + "746976655f70617373776f726400",
                        true, "6b0000018da61f00000000012100000000000000000000000000000000000000"
                                + "00000000726f6f74001430313233343536373839303132333435363738397465"
                                + "7374006d7973716c5f6e61746976655f70617373776f72640015045f70696403"
                                + "313233075f636c69656e7403636c69",
                        false, "0100000200")),
                new Case("attrs_no_len",
                        List.of(
                        "Binpac exception: binpac exception: out_of_bound: Handshake_Conn"
                                + "ection_Attributes:length: 1 > 0"),
                        List.of(
                        false, "4a0000000a382e302e3335002a000000616263646566676800ffffff0200ffdf"
                                + "1500000000000000000000696a6b6c6d6e6f7071727374006d7973716c5f6e61"
                                + "746976655f70617373776f726400",
                        true, "2b0000018da61f00000000012100000000000000000000000000000000000000"
                                + "00000000726f6f7400006462007000")),
                new Case("resp_user_nonul",
                        List.of(
                        "Binpac exception: binpac exception: string mismatch at /opt/src/"
                                + "zeek/src/analyzer/protocol/mysql/mysql-protocol.pac:394: \nexpect"
                                + "ed pattern: \"[^\\0]*\\0\"\nactual data: \"ro\nt\""),
                        List.of(
                        false, "4a0000000a382e302e3335002a000000616263646566676800ffffff0200ffdf"
                                + "1500000000000000000000696a6b6c6d6e6f7071727374006d7973716c5f6e61"
                                + "746976655f70617373776f726400",
                        true, "240000018da61f00000000012100000000000000000000000000000000000000"
                                + "00000000726f0a74")),
                new Case("resp_before_greeting",
                        List.of(
                        "Binpac exception: binpac exception: invalid index for case: Hand"
                                + "shake_Response_Packet: 0"),
                        List.of(
                        true, "6b0000018da61f00000000012100000000000000000000000000000000000000"
                                + "00000000726f6f74001430313233343536373839303132333435363738397465"
                                + "7374006d7973716c5f6e61746976655f70617373776f72640015045f70696403"
                                + "313233075f636c69656e7403636c69")),
                new Case("ssl_ok",
                        List.of(
                        "CONFIRM"),
                        List.of(
                        false, "4a0000000a382e302e3335002a000000616263646566676800ffffff0200ffdf"
                                + "1500000000000000000000696a6b6c6d6e6f7071727374006d7973716c5f6e61"
                                + "746976655f70617373776f726400",
                        true, "200000018dae1f00000000012100000000000000000000000000000000000000"
                                + "00000000")),
                new Case("err_then_resp",
                        List.of(),
                        List.of(
                        false, "0c000000ff6a042348593030306d7367",
                        true, "6b0000018da61f00000000012100000000000000000000000000000000000000"
                                + "00000000726f6f74001430313233343536373839303132333435363738397465"
                                + "7374006d7973716c5f6e61746976655f70617373776f72640015045f70696403"
                                + "313233075f636c69656e7403636c69")));
    }

    @TestFactory
    Stream<DynamicTest> confirmationsAndViolationsAsZeekReportsThem() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 3306, MysqlAnalyzer.spec(null));
            List<String> seen = new ArrayList<>();
            h.events().subscribe(AnalyzerConfirmation.class, e -> seen.add("CONFIRM"));
            h.events().subscribe(AnalyzerFailure.class, e -> seen.add(e.reason()));
            for (int i = 0; i < c.segments().size(); i += 2) {
                h.stream((Boolean) c.segments().get(i), HexFormat.of().parseHex((String) c.segments().get(i + 1)));
            }
            h.done();
            assertThat(seen).as(c.name()).containsExactlyElementsOf(c.zeek());
        }));
    }
}
