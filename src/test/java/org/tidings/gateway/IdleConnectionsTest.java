package org.tidings.gateway;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.TidingsServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A connection that goes quiet, even halfway through a request's head, does not hold a socket for ever. */
class IdleConnectionsTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer(new JsonObject()
    .put("http", new JsonObject().put("idleTimeoutSeconds", 1)));

  @Test
  void aConnectionThatStopsSendingHalfwayThroughItsHeadIsClosed() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", tidings.api().port())) {
      socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: tidings\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.setSoTimeout(10_000);

      assertThat(readToEnd(socket.getInputStream())).as("closed by the server without an answer").isEmpty();
    }
  }

  @Test
  void aConnectionInUseIsKept() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", tidings.api().port())) {
      socket.setSoTimeout(10_000);
      for (int i = 0; i < 3; i++) {
        socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: tidings\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 200");
        sleep(300);
      }
    }
  }

  private static String readToEnd(InputStream in) throws IOException {
    try {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept the quiet connection open");
    }
  }

  private static String readHead(InputStream in) throws IOException {
    byte[] buffer = new byte[16 * 1024];
    int read = in.read(buffer);
    return read < 0 ? "" : new String(buffer, 0, read, StandardCharsets.US_ASCII);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
