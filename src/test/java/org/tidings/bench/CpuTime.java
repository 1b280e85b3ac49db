package org.tidings.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used so far by a process, and optionally by its children (PostgreSQL's backends are
 * children of the postmaster), from {@code /proc}. On a machine shared with other work the rate
 * a benchmark reaches says more about the neighbours than about the code; the CPU time each
 * message costs does not.
 */
final class CpuTime {

  /** {@code /proc/<pid>/stat} counts in clock ticks, 100 a second on Linux. */
  private static final double MICROS_PER_TICK = 10_000;

  private CpuTime() {
  }

  /** Microseconds of user plus system time of {@code pid}, plus those of its children when asked. */
  static double micros(long pid, boolean withChildren) {
    long ticks = ticks(Path.of("/proc", Long.toString(pid), "stat"), -1);
    if (withChildren) {
      try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
        ticks += processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .mapToLong(p -> ticks(p.resolve("stat"), pid))
          .sum();
      } catch (IOException e) {
        throw new IllegalStateException("cannot list /proc", e);
      }
    }
    return ticks * MICROS_PER_TICK;
  }

  /**
   * Microseconds of user plus system time of this process and of the children it has waited for
   * (a load generator it ran, once that has exited: the kernel adds a child's time to its parent's
   * when the parent reaps it).
   */
  static double ownWithReapedChildren() {
    String[] fields = fields(Path.of("/proc/self/stat"));
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13]) + Long.parseLong(fields[14]))
      * MICROS_PER_TICK;
  }

  /** utime + stime of the process whose stat this is, if {@code parent} is -1 or its parent. */
  private static long ticks(Path stat, long parent) {
    String[] fields = fields(stat);
    if (fields.length == 0 || parent != -1 && Long.parseLong(fields[1]) != parent) {
      return 0;
    }
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /** The fields after the command name, the process state first; none if the process is gone. */
  private static String[] fields(Path stat) {
    String line;
    try {
      line = Files.readString(stat);
    } catch (IOException e) {
      return new String[0];
    }
    // the command name in parentheses may hold spaces: the fields after it are space-separated
    return line.substring(line.lastIndexOf(')') + 2).split(" ");
  }
}
