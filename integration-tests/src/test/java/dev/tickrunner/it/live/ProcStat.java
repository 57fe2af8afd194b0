package dev.tickrunner.it.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** A process's CPU time and resident memory from Linux {@code /proc}, for the shard's printed figures. */
final class ProcStat {
    /** Clock ticks per second of {@code /proc/<pid>/stat} times ({@code getconf CLK_TCK}; 100 on Linux). */
    static final int HZ = 100;

    private ProcStat() {
    }

    /** @return user + system CPU time of {@code pid} so far, clock ticks ({@link #HZ} per second) */
    static long cpuTicks(long pid) throws IOException {
        return cpuTicksOf(Files.readString(Path.of("/proc/" + pid + "/stat")));
    }

    /** @return utime + stime of one {@code stat} line (a process's or a thread's), clock ticks */
    private static long cpuTicksOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /**
     * @return user + system CPU time so far of each live thread of {@code pid} that compiles (HotSpot's C1 and C2
     * compiler threads, Truffle's compiler threads), clock ticks by thread id; empty for a process without them
     */
    static Map<Long, Long> compilerThreadCpuTicks(long pid) throws IOException {
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException exited) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")
                        || name.startsWith("TruffleCompiler")) {
                    ticks.put(Long.parseLong(task.getFileName().toString()), cpuTicksOf(stat));
                }
            }
        }
        return ticks;
    }

    /**
     * @return the compiler threads' CPU between two {@link #compilerThreadCpuTicks} readings, clock ticks: a lower
     * bound, since a thread that exited in between (HotSpot stops idle compiler threads) is not counted
     */
    static long compilerCpuTicksBetween(Map<Long, Long> from, Map<Long, Long> to) {
        long sum = 0;
        for (var entry : to.entrySet()) {
            sum += entry.getValue() - from.getOrDefault(entry.getKey(), 0L);
        }
        return sum;
    }

    /** @return the resident set size of {@code pid} now, KiB */
    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }
}
