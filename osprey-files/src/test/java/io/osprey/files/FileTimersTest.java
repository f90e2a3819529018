package io.osprey.files;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The files' timer heap against a sorted list: due time first, then the order the timers were armed. */
class FileTimersTest {
    private final FileManager mgr = new FileManager(new FilesConfig(), new io.osprey.engine.event.EventBus(), 1);

    private FileState file(int i) {
        return new FileState(mgr, "F" + i, "HTTP", false, 0, 0);
    }

    @Test
    void firesByTimeThenByArmingOrder() {
        FileTimers t = new FileTimers();
        FileState a = file(0);
        FileState b = file(1);
        FileState c = file(2);
        t.arm(a, 20);
        t.arm(b, 10);
        t.arm(c, 20);
        assertThat(t.peek()).isSameAs(b);
        t.remove(b);
        assertThat(t.peek()).isSameAs(a); // armed before c for the same time
        t.arm(a, 30); // re-armed: now after c
        assertThat(t.peek()).isSameAs(c);
        t.remove(c);
        assertThat(t.peek()).isSameAs(a);
        t.remove(a);
        t.remove(a); // not armed: nothing happens
        assertThat(t.peek()).isNull();
        assertThat(t.size()).isZero();
        assertThat(a.timerIndex).isEqualTo(-1);
    }

    @Test
    void randomOperationsAgreeWithASortedList() {
        Random rnd = new Random(7);
        for (int round = 0; round < 50; round++) {
            FileTimers t = new FileTimers();
            List<FileState> armed = new ArrayList<>();
            FileState[] files = new FileState[40];
            for (int i = 0; i < files.length; i++) {
                files[i] = file(i);
            }
            Comparator<FileState> order = Comparator.<FileState>comparingLong(f -> f.timerAt)
                    .thenComparingLong(f -> f.timerSeq);
            for (int op = 0; op < 2_000; op++) {
                FileState f = files[rnd.nextInt(files.length)];
                switch (rnd.nextInt(4)) {
                    case 0, 1 -> {
                        t.arm(f, rnd.nextInt(50));
                        if (!armed.contains(f)) {
                            armed.add(f);
                        }
                    }
                    case 2 -> {
                        t.remove(f);
                        armed.remove(f);
                    }
                    default -> {
                        if (rnd.nextInt(100) == 0) {
                            t.clear();
                            armed.clear();
                        }
                    }
                }
                armed.sort(order);
                assertThat(t.size()).isEqualTo(armed.size());
                assertThat(t.peek()).isSameAs(armed.isEmpty() ? null : armed.get(0));
            }
            for (FileState f : files) {
                assertThat(f.timerIndex >= 0).isEqualTo(armed.contains(f));
            }
        }
    }
}
