package org.tidings.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The addresses ({@code room.<id>}, {@code user.<id>}) that sockets of one event loop listen
 * to: one event-bus consumer per address while at least one socket listens, and per event one
 * frame, encoded once and written to each listening socket that {@link Outbound} lets it
 * reach. Only the loop's own context touches it; the consumers deliver on that context.
 */
final class Fanout {

  private static final LiveSocket[] NONE = new LiveSocket[0];

  private final Vertx vertx;
  private final Outbound outbound;
  private final Map<String, Listeners> byAddress = new HashMap<>();

  Fanout(Vertx vertx, Outbound outbound) {
    this.vertx = vertx;
    this.outbound = outbound;
  }

  /** Completes once the address's consumer is registered (on every node of a cluster). */
  Future<Void> add(String address, LiveSocket socket) {
    Listeners listeners = byAddress.computeIfAbsent(address, Listeners::new);
    listeners.add(socket);
    return listeners.consumer.completion();
  }

  void remove(String address, LiveSocket socket) {
    Listeners listeners = byAddress.get(address);
    if (listeners != null && listeners.remove(socket)) {
      byAddress.remove(address);
      listeners.consumer.unregister();
    }
  }

  /** Addresses with a consumer on this loop. */
  int addresses() {
    return byAddress.size();
  }

  /**
   * The sockets of one address, copied on change: an event is written to the sockets there were
   * when it arrived, even if one of them closes meanwhile.
   */
  private final class Listeners {

    private final String address;
    private final Topic topic;
    private final MessageConsumer<Object> consumer;
    private LiveSocket[] sockets = NONE;

    Listeners(String address) {
      this.address = address;
      this.topic = Topic.parse(address);
      this.consumer = vertx.eventBus().consumer(address, this::deliver);
    }

    void add(LiveSocket socket) {
      sockets = Arrays.copyOf(sockets, sockets.length + 1);
      sockets[sockets.length - 1] = socket;
    }

    /** True when it was the last one. */
    boolean remove(LiveSocket socket) {
      LiveSocket[] kept = new LiveSocket[sockets.length];
      int count = 0;
      for (LiveSocket listening : sockets) {
        if (listening != socket) {
          kept[count++] = listening;
        }
      }
      sockets = count == 0 ? NONE : Arrays.copyOf(kept, count);
      return count == 0;
    }

    private void deliver(Message<Object> message) {
      Object body = message.body();
      Outbound.Event event = Outbound.Event.of(body);
      Buffer frame = null;
      for (LiveSocket socket : sockets) {
        if (outbound.allows(socket, topic, event)) {
          if (frame == null) {
            frame = BridgeFrames.received(address, body, message.replyAddress(), message.headers());
          }
          socket.write(frame);
        }
      }
    }
  }
}
