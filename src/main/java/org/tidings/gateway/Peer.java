package org.tidings.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

/** What the bridge needs of a connection: to write it a frame, and to close it. */
interface Peer {

  void write(Buffer frame);

  void close();

  static Peer of(SockJSSocket socket) {
    return new Peer() {
      @Override
      public void write(Buffer frame) {
        socket.write(frame);
      }

      @Override
      public void close() {
        socket.close();
      }
    };
  }

  /** A plain WebSocket gets binary frames of JSON text, as from the stock bridge's raw transport. */
  static Peer of(ServerWebSocket socket) {
    return new Peer() {
      @Override
      public void write(Buffer frame) {
        socket.writeBinaryMessage(frame);
      }

      @Override
      public void close() {
        socket.close();
      }
    };
  }
}
