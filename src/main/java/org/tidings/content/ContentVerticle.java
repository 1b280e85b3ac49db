package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tidings.bus.Endpoints;

import java.util.UUID;

/** Binds the {@code content.*} addresses to {@link FileRecords} and runs the cache's timers. */
public final class ContentVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ContentVerticle.class);

  private final ContentService content;

  public ContentVerticle(ContentService content) {
    this.content = content;
  }

  @Override
  public Future<?> start() {
    Endpoints bus = new Endpoints(vertx);
    FileRecords records = content.records();
    bus.bind("content.describe", records::describe);
    bus.bind("content.forward", records::forward);
    bus.bind("content.delete", records::delete);
    vertx.eventBus().<String>consumer(FileRecords.DELETED, notice -> records.forget(UUID.fromString(notice.body())));
    bus.bind("content.cache.health", content::cacheHealth);
    bus.bind("content.nodes.health", content::nodesHealth);
    long every = Math.min(content.settings().accessFlushMillis(), content.settings().evictionIntervalMillis());
    vertx.setPeriodic(every, id -> content.housekeeping()
      .onFailure(e -> LOG.warn("Content housekeeping failed", e)));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return content.close();
  }
}
