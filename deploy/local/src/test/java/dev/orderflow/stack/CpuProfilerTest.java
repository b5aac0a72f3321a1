package dev.orderflow.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuProfilerTest {

    @Test
    void threadsOfOneKindAreCountedTogether() {
        assertThat(CpuProfiler.threadKind("[vert.x-eventloop-thread-1 tid=4711]")).isEqualTo("vert.x-eventloop-thread");
        assertThat(CpuProfiler.threadKind("[C2 CompilerThread0 tid=9]")).isEqualTo("C2 CompilerThread");
        assertThat(CpuProfiler.threadKind("[kafka-producer-network-thread | kafka-producer-orders tid=77]"))
                .isEqualTo("kafka-producer-network-thread | kafka-producer-orders");
        assertThat(CpuProfiler.threadKind("[executor-thread-12 tid=80]")).isEqualTo("executor-thread");
        assertThat(CpuProfiler.threadKind("[GC Thread#3 tid=12]")).isEqualTo("GC Thread");
        assertThat(CpuProfiler.threadKind("[main tid=1]")).isEqualTo("main");
    }

    @Test
    void aProfileIsSummedUpByThreadKindAndByTheMethodRunning(@TempDir Path dir) throws IOException {
        Path collapsed = dir.resolve("order.collapsed");
        Files.writeString(collapsed, """
                [vert.x-eventloop-thread-0 tid=20];java/lang/Thread.run;io/netty/Loop.run;org/hibernate/Flush.flush 30
                [vert.x-eventloop-thread-1 tid=21];java/lang/Thread.run;io/netty/Loop.run;org/hibernate/Flush.flush 20
                [vert.x-eventloop-thread-1 tid=21];java/lang/Thread.run;io/netty/Loop.run;com/fasterxml/Json.write 10
                [C2 CompilerThread0 tid=9];Compile::Compile 25
                [GC Thread#0 tid=12];G1ParTask::work 15
                """);

        CpuProfiler.Summary summary = CpuProfiler.summarize("order", collapsed);

        assertThat(summary.samples()).isEqualTo(100);
        assertThat(summary.threadShares()).containsExactly(
                java.util.Map.entry("vert.x-eventloop-thread", 60.0),
                java.util.Map.entry("C2 CompilerThread", 25.0),
                java.util.Map.entry("GC Thread", 15.0));
        assertThat(summary.hottestMethods()).containsEntry("org/hibernate/Flush.flush", 50.0)
                .containsEntry("com/fasterxml/Json.write", 10.0);
        assertThat(summary.hottestMethods().keySet()).first().isEqualTo("org/hibernate/Flush.flush");
    }
}
