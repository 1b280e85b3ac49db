package org.tidings.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What PostgreSQL wrote during the measured seconds: commits, WAL bytes and full-page images
 * (a page's first change after a checkpoint logs the whole 8 KiB page). Read from
 * {@code pg_stat_database} and {@code pg_stat_wal}, which backends flush about once a second,
 * so a 20 s window is counted to within a few percent.
 */
final class WalUse {

  private static final String COUNTERS = """
    SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()),
      wal_bytes, wal_fpi, (SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter)
    FROM pg_stat_wal""";

  private final String jdbc;
  private final double[] start;

  WalUse(String jdbc) throws SQLException {
    this.jdbc = jdbc;
    this.start = counters();
  }

  /** {@code commits/request=.. wal/request=..B fpi/request=.. checkpoints=..} since this was made. */
  String per(long count) throws SQLException {
    if (count == 0) {
      return "";
    }
    double[] end = counters();
    return String.format(" commits/request=%.3f wal/request=%.0fB fpi/request=%.3f checkpoints=%.0f",
      (end[0] - start[0]) / count, (end[1] - start[1]) / count, (end[2] - start[2]) / count, end[3] - start[3]);
  }

  private double[] counters() throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbc, "postgres", null);
         Statement s = c.createStatement();
         ResultSet rows = s.executeQuery(COUNTERS)) {
      rows.next();
      return new double[] {rows.getDouble(1), rows.getDouble(2), rows.getDouble(3), rows.getDouble(4)};
    }
  }
}
