package io.osprey.engine.conn;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packed history of {@link Connection} (12 letters in a long, then a StringBuilder): every letter comes back in
 * order, also past the packed capacity and for letters outside the packed alphabet; the scaled entries (Zeek's
 * ScaledHistoryEntry, base 10) add a letter at the 1st, 10th, 100th... occurrence.
 */
class ConnectionHistoryTest {

    @Test
    void emptyHistory() {
        Connection c = new FlowConnection();
        assertThat(c.history()).isEmpty();
        assertThat(c.historyIs("")).isTrue();
        assertThat(c.historyIs("S")).isFalse();
    }

    @Test
    void lettersUpToAndBeyondThePackedCapacityComeBackInOrder() {
        String letters = "ShADadFfCcTtWwGgIiQqXx^RrSs";
        for (int n = 0; n <= letters.length(); n++) {
            Connection c = new FlowConnection();
            String expected = letters.substring(0, n);
            for (int i = 0; i < n; i++) {
                c.addHistory(letters.charAt(i));
            }
            assertThat(c.history()).as("first %d letters", n).isEqualTo(expected);
            assertThat(c.historyIs(expected)).isTrue();
            assertThat(c.historyIs(expected + "S")).isFalse();
            if (n > 0) {
                assertThat(c.historyIs(expected.substring(0, n - 1) + "?")).isFalse();
            }
        }
        assertThat(Connection.PACKED_HISTORY_MAX).isEqualTo(12);
    }

    @Test
    void letterOutsideTheAlphabetIsKept() {
        Connection c = new FlowConnection();
        c.addHistory('S');
        c.addHistory('N');
        c.addHistory('h');
        assertThat(c.history()).isEqualTo("SNh");
        assertThat(c.historyIs("SNh")).isTrue();
    }

    @Test
    void replaceHistoryStartsOver() {
        Connection c = new FlowConnection();
        for (char ch : "ShADadTtTtWwGg".toCharArray()) {
            c.addHistory(ch);
        }
        c.replaceHistory("^h");
        assertThat(c.history()).isEqualTo("^h");
        c.addHistory('A');
        assertThat(c.history()).isEqualTo("^hA");
    }

    @Test
    void checkHistoryAddsALetterOncePerMaskBit() {
        Connection c = new FlowConnection();
        assertThat(c.checkHistory(0x1, 'D')).isFalse();
        assertThat(c.checkHistory(0x1, 'D')).isTrue();
        assertThat(c.checkHistory(0x2, 'd')).isFalse();
        assertThat(c.history()).isEqualTo("Dd");
    }

    @Test
    void scaledEntriesAtPowersOfTen() {
        Connection c = new FlowConnection();
        long state = Connection.pack(0, 0);
        int letters = 0;
        for (int i = 1; i <= 1_000_000; i++) {
            state = c.scaledHistoryEntry('T', state);
            if (i == 1 || i == 10 || i == 100 || i == 1_000 || i == 10_000 || i == 100_000 || i == 1_000_000) {
                letters++;
                assertThat(c.history()).as("after %d", i).hasSize(letters);
            }
        }
        assertThat(c.history()).isEqualTo("TTTTTTT");
        assertThat(Connection.packedCounter(state)).isEqualTo(1_000_000);
        assertThat(Connection.packedThresholdExp(state)).isEqualTo((byte) 7);
    }

    @Test
    void scaledEntryAtTheLastThresholdRestartsTheCounter() {
        Connection c = new FlowConnection();
        long state = Connection.pack(999_999_999, 9);
        state = c.scaledHistoryEntry('G', state);
        assertThat(c.history()).isEqualTo("G");
        assertThat(Connection.packedCounter(state)).isZero();
        assertThat(Connection.packedThresholdExp(state)).isEqualTo((byte) 9);
    }
}
