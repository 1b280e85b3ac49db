package org.tidings.testing;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.tidings.db.Pools;

/**
 * A Vert.x of the test's own and a pool on a {@link TidingsServer}'s database, for tests that
 * drive a service's classes directly against the same data the server's API shows. Register it
 * after the server (a higher {@code @Order}): the database is the server's once it has started.
 */
public final class ServicePool implements BeforeAllCallback, AfterAllCallback {

  private final TidingsServer server;
  private final int size;
  private final String name;
  private Vertx vertx;
  private Pool pool;

  public ServicePool(TidingsServer server, int size, String name) {
    this.server = server;
    this.size = size;
    this.name = name;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    vertx = Vertx.vertx();
    pool = Pools.create(vertx, server.database(), size, name);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Api.await(pool.close());
    Api.await(vertx.close());
  }

  public Vertx vertx() {
    return vertx;
  }

  public Pool pool() {
    return pool;
  }
}
