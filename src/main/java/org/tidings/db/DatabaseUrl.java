package org.tidings.db;

import io.vertx.pgclient.PgConnectOptions;

/**
 * A PostgreSQL location as written in the settings ({@code postgresql://user:pass@host:port/db}),
 * turned into what the reactive client and the JDBC driver (Flyway only) each want.
 */
public record DatabaseUrl(String url) {

  public DatabaseUrl {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("database url is empty");
    }
  }

  public PgConnectOptions connectOptions() {
    return PgConnectOptions.fromUri(url);
  }

  public String jdbcUrl() {
    PgConnectOptions options = connectOptions();
    return "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
  }

  public String user() {
    return connectOptions().getUser();
  }

  public String password() {
    return connectOptions().getPassword();
  }

  public static DatabaseUrl of(String host, int port, String database, String user, String password) {
    String credentials = password == null || password.isEmpty() ? user : user + ":" + password;
    return new DatabaseUrl("postgresql://" + credentials + "@" + host + ":" + port + "/" + database);
  }

  /** The same server, another database: used to reach {@code postgres} for administration. */
  public DatabaseUrl withDatabase(String database) {
    PgConnectOptions options = connectOptions();
    return of(options.getHost(), options.getPort(), database, options.getUser(), options.getPassword());
  }

  @Override
  public String toString() {
    PgConnectOptions options = connectOptions();
    return "postgresql://" + options.getUser() + "@" + options.getHost() + ":" + options.getPort() + "/"
      + options.getDatabase();
  }
}
