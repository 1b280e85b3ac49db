package org.tidings.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on loopback to {@code host:port}, which a test can cut ({@link #cut}: the port
 * refuses and every relayed connection drops, as when a database goes away) and restore. As
 * an extension ({@code @RegisterExtension @Order(0)}) it is up before its class and closed after.
 */
public final class TcpProxy implements BeforeAllCallback, AfterAllCallback {

  private final String targetHost;
  private final int targetPort;
  private final int port = Ports.free();
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private Vertx vertx;
  private NetClient client;
  private NetServer server;

  public TcpProxy(String targetHost, int targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  public int port() {
    return port;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    vertx = Vertx.vertx();
    client = vertx.createNetClient();
    restore();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Api.await(vertx.close());
  }

  /** Listens again on the same port. */
  public void restore() {
    server = vertx.createNetServer().connectHandler(this::relay);
    Api.await(server.listen(port, "127.0.0.1"));
  }

  /** Stops listening and drops every relayed connection. */
  public void cut() {
    Api.await(server.close());
    open.forEach(NetSocket::close);
  }

  private void relay(NetSocket inbound) {
    inbound.pause();
    open.add(inbound);
    inbound.closeHandler(v -> open.remove(inbound));
    client.connect(targetPort, targetHost).onComplete(connected -> {
      if (connected.failed()) {
        inbound.close();
        return;
      }
      NetSocket outbound = connected.result();
      open.add(outbound);
      outbound.closeHandler(v -> {
        open.remove(outbound);
        inbound.close();
      });
      inbound.closeHandler(v -> {
        open.remove(inbound);
        outbound.close();
      });
      inbound.pipeTo(outbound);
      outbound.pipeTo(inbound);
      inbound.resume();
    });
  }
}
