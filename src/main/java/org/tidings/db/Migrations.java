package org.tidings.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned migrations of one schema ({@code db/<schema>} on the class path).
 * Each schema keeps its own history table, so services can live in separate databases.
 * Blocking (JDBC): run it on a worker thread.
 */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {
  }

  public static void apply(DatabaseUrl url, String schema) {
    Flyway flyway = Flyway.configure()
      .dataSource(url.jdbcUrl(), url.user(), url.password())
      .schemas(schema)
      .createSchemas(true)
      .locations("classpath:db/" + schema)
      .table("schema_history")
      .load();
    MigrateResult result = flyway.migrate();
    LOG.info("Schema {}: {} migration(s) applied", schema, result.migrationsExecuted);
  }
}
