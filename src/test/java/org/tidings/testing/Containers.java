package org.tidings.testing;

import org.testcontainers.postgresql.PostgreSQLContainer;
import org.tidings.db.DatabaseUrl;

/** The opt-in Docker path: a throw-away PostgreSQL container for the whole run. */
final class Containers {

  private Containers() {
  }

  static DatabaseUrl postgres() {
    PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
    container.start();
    Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
    return DatabaseUrl.of(container.getHost(), container.getMappedPort(5432), "postgres",
      container.getUsername(), container.getPassword());
  }
}
