package org.tidings.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Reactive pools; one per service, named after it so metrics tell them apart. */
public final class Pools {

  private Pools() {
  }

  public static Pool create(Vertx vertx, DatabaseUrl url, int size, String name) {
    return PgBuilder.pool()
      .with(new PoolOptions().setMaxSize(size).setName("tidings-" + name).setShared(true))
      .connectingTo(url.connectOptions().setCachePreparedStatements(true).setPipeliningLimit(16))
      .using(vertx)
      .build();
  }
}
