package org.tidings.gateway;

import io.netty.channel.ChannelException;
import io.netty.channel.epoll.EpollSocketChannel;
import io.vertx.core.Future;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.VertxConnection;

import java.util.function.Supplier;

/**
 * Holds a big body's partial TCP segments back until it is sent whole, as nginx's
 * {@code tcp_nopush} does. Vert.x sends a file in regions of 1 MiB, one {@code sendfile}
 * each, and with {@code TCP_NODELAY} the last bytes of every region leave as a short segment
 * of their own: one more segment per MiB for the client to take in and acknowledge. Corked, the
 * head leaves with the first bytes and every segment but the last is full. A body of one
 * region has no such segment, and corking it would cost two system calls for nothing.
 */
final class TcpCork {

  /** Vert.x's region ({@code VertxConnection.MAX_REGION_SIZE}). */
  static final long REGION = 1024 * 1024;

  private TcpCork() {
  }

  /**
   * Runs {@code send}, corked when the body takes more than one region over an HTTP/1.x
   * connection on the native transport (an HTTP/2 connection carries other streams, which must
   * not wait); uncorks once it is done, successfully or not.
   */
  static Future<Void> around(HttpConnection connection, long length, Supplier<Future<Void>> send) {
    if (length <= REGION || !(connection instanceof VertxConnection http1)
      || !(http1.channel() instanceof EpollSocketChannel socket)) {
      return send.get();
    }
    socket.config().setTcpCork(true);
    Future<Void> sent;
    try {
      sent = send.get();
    } catch (RuntimeException e) {
      uncork(socket);
      throw e;
    }
    return sent.andThen(done -> uncork(socket));
  }

  private static void uncork(EpollSocketChannel socket) {
    if (!socket.isOpen()) {
      return;
    }
    try {
      socket.config().setTcpCork(false);
    } catch (ChannelException closedMeanwhile) {
      // The client went away; the socket's segments no longer matter.
    }
  }
}
