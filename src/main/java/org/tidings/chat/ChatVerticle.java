package org.tidings.chat;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.tidings.bus.Endpoints;
import org.tidings.db.DatabaseUrl;
import org.tidings.db.Pools;

/**
 * Binds the {@code chat.*} addresses to {@link Rooms}, {@link Members}, {@link Messages},
 * {@link ReadState} and {@link Unread}. The server runs one instance per core; they share one pool. Only one of
 * them binds {@code chat.send} ({@link SendingInstance}), so that all sends of the server go through one
 * set of {@link CommitLanes} ({@code chat.commitLanes}, default 1).
 */
public final class ChatVerticle extends VerticleBase {

  private Pool pool;
  private Unread unread;
  private SendingInstance sending;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    pool = Pools.create(vertx, new DatabaseUrl(config.getString("dbUrl")), config.getInteger("poolSize"), "chat");
    UserNames names = new UserNames(vertx);
    RoomEvents events = new RoomEvents(vertx);
    Rooms rooms = new Rooms(pool, names, events);
    unread = new Unread(vertx, pool, events);
    Members members = new Members(pool, names, events, unread);
    Messages messages = new Messages(pool, new CommitLanes(pool, config.getInteger("commitLanes", 1)), new ContentFiles(vertx), events, unread);
    ReadState readState = new ReadState(pool, events, unread);
    Endpoints bus = new Endpoints(vertx);
    bus.bind("chat.rooms.create", rooms::create);
    bus.bind("chat.dialogs.open", rooms::dialog);
    bus.bind("chat.rooms.list", rooms::list);
    bus.bind("chat.rooms.get", rooms::get);
    bus.bind("chat.rooms.update", rooms::update);
    bus.bind("chat.roles.define", rooms::defineRole);
    bus.bind("chat.rooms.ids", rooms::roomIds);
    bus.bind("chat.is-member", rooms::isMember);
    bus.bind("chat.members.list", members::list);
    bus.bind("chat.members.add", members::add);
    bus.bind("chat.members.remove", members::remove);
    bus.bind("chat.members.role", members::setRole);
    bus.bind("chat.membership.update", members::updateOwn);
    sending = new SendingInstance(vertx);
    if (sending.elected()) {
      bus.bind("chat.send", messages::send);
    }
    bus.bind("chat.messages.list", messages::history);
    bus.bind("chat.messages.edit", messages::edit);
    bus.bind("chat.messages.delete", messages::delete);
    bus.bind("chat.messages.forward", messages::forward);
    bus.bind("chat.files.can-read", messages::canReadFile);
    bus.bind("chat.read", readState::read);
    bus.bind("chat.unread", unread::summary);
    bus.bind("chat.health", call -> pool.query("SELECT 1").execute().map(rows -> new JsonObject()));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    sending.release();
    return unread.stop().compose(ignored -> pool.close());
  }
}
