package org.tidings.content;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tidings.bus.Endpoints;

import java.util.UUID;

/**
 * Binds the {@code content.*} addresses to {@link FileRecords}, listens to the notices other
 * instances publish (a file or a blob gone) and runs the cache's timers.
 */
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
    bus.bind("content.readers.add", records::addReader);
    bus.bind("content.readers.remove", records::removeReader);
    vertx.eventBus().<String>consumer(FileRecords.DELETED, notice -> records.forget(UUID.fromString(notice.body())));
    vertx.eventBus().<JsonObject>consumer(Blobs.DROPPED, notice -> content.blobDropped(notice.body())
      .onFailure(e -> LOG.warn("Could not drop the cached copy of a deleted blob", e)));
    bus.bind("content.cache.health", content::cacheHealth);
    bus.bind("content.nodes.health", content::nodesHealth);
    long every = ContentService.housekeepingMillis(content.settings());
    vertx.setPeriodic(every, id -> content.housekeeping()
      .onFailure(e -> LOG.warn("Content housekeeping failed", e)));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return content.close();
  }
}
