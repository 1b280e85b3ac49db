package org.tidings.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.epoll.EpollSocketChannel;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.VertxConnection;

import java.util.function.Supplier;

/**
 * {@code TCP_CORK} around one HTTP/1.x answer sent from a file, as nginx's {@code tcp_nopush}:
 * the head waits in the socket for the body's first bytes instead of leaving in a segment of
 * its own, and the last partial segment leaves when the answer is done. On a small file that is
 * one segment and one wake-up of the client fewer per request. Only where Netty's epoll
 * transport runs the socket (the setting is Linux's); an HTTP/2 connection carries other
 * streams, which must not wait.
 */
final class Corked {

  private Corked() {
  }

  static <T> Future<T> send(HttpServerRequest request, Supplier<Future<T>> answer) {
    EpollSocketChannel socket = corkable(request);
    if (socket == null || !cork(socket, true)) {
      return answer.get();
    }
    Future<T> sent;
    try {
      sent = answer.get();
    } catch (RuntimeException e) {
      cork(socket, false);
      throw e;
    }
    return sent.onComplete(done -> cork(socket, false));
  }

  private static EpollSocketChannel corkable(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2 || !(request.connection() instanceof VertxConnection connection)) {
      return null;
    }
    Channel channel = connection.channel();
    return channel instanceof EpollSocketChannel socket ? socket : null;
  }

  /** False when the socket is gone: a closed socket has nothing left to hold back or push. */
  private static boolean cork(EpollSocketChannel socket, boolean on) {
    try {
      socket.config().setTcpCork(on);
      return true;
    } catch (ChannelException e) {
      return false;
    }
  }
}
