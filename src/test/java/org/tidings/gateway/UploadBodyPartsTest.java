package org.tidings.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.impl.VertxConnection;
import io.vertx.core.net.impl.VertxHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tidings.content.UploadChunk;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A taken body passes to Vert.x in the buffers it was read into; other bodies pass as they came. */
class UploadBodyPartsTest {

  private final UploadBodyParts parts = new UploadBodyParts();
  private final EmbeddedChannel channel = new EmbeddedChannel(parts);
  private Vertx vertx;

  @AfterEach
  void close() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aTakenBodyReachesVertxUncopiedAndGivesItsMemoryBackWhenReleased() {
    parts.take(request().headers());
    ByteBuf pooled = pooled("first part");
    channel.writeInbound(new DefaultHttpContent(pooled));

    HttpContent passed = channel.readInbound();

    assertThat(passed.content()).isInstanceOf(UploadChunk.class);
    // Vert.x copies a request body's parts to the heap unless they look unpooled.
    assertThat(VertxHandler.safeBuffer(passed.content())).isSameAs(passed.content());
    assertThat(passed.content().toString(StandardCharsets.UTF_8)).isEqualTo("first part");
    assertThat(pooled.refCnt()).isEqualTo(1);
    passed.release();
    assertThat(pooled.refCnt()).isZero();
  }

  @Test
  void theLastPartOfATakenBodyStaysTheLastPart() {
    parts.take(request().headers());
    ByteBuf pooled = pooled("last part");
    channel.writeInbound(new DefaultLastHttpContent(pooled));

    HttpContent passed = channel.readInbound();

    assertThat(passed).isInstanceOf(LastHttpContent.class);
    assertThat(passed.content()).isInstanceOf(UploadChunk.class);
    passed.release();
    assertThat(pooled.refCnt()).isZero();
  }

  @Test
  void aBodyNobodyTookPassesAsItCame() {
    request();
    assertPassesAsItCame();
  }

  @Test
  void takingABodyEndsWithItsRequest() {
    parts.take(request().headers());
    request();
    assertPassesAsItCame();
  }

  @Test
  void aRequestWhoseNextOneIsAlreadyBeingReadCannotTakeItsBody() {
    HttpRequest first = request();
    request();
    parts.take(first.headers());
    assertPassesAsItCame();
  }

  @Test
  void aPartTheDecoderCouldNotReadPassesAsItCameForVertxToAnswer() {
    parts.take(request().headers());
    HttpContent broken = new DefaultHttpContent(pooled("?"));
    broken.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("bad chunk size")));
    channel.writeInbound(broken);

    assertThat((Object) channel.readInbound()).isSameAs(broken);
    broken.release();
  }

  @Test
  void aVertxServerRequestTakesItsBodyThroughItsConnection() throws Exception {
    vertx = Vertx.vertx();
    AtomicInteger chunks = new AtomicInteger();
    AtomicInteger others = new AtomicInteger();
    HttpServer server = vertx.createHttpServer()
      .connectionHandler(connection -> UploadBodyParts.addTo(((VertxConnection) connection).channel().pipeline()))
      .requestHandler(request -> {
        UploadBodyParts.takeBody(request);
        request.handler(part -> {
          UploadChunk chunk = UploadChunk.in(part);
          (chunk == null ? others : chunks).incrementAndGet();
          if (chunk != null) {
            chunk.release();
          }
        });
        request.endHandler(ended -> request.response().end());
        request.response().writeContinue();
      });
    int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();

    CompletableFuture.runAsync(() -> post(port, 1024 * 1024)).get(30, TimeUnit.SECONDS);

    assertThat(chunks.get()).isPositive();
    assertThat(others.get()).isZero();
  }

  /** Sends the body once the server answered 100 Continue, then reads the final answer. */
  private static void post(int port, int size) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(("POST /api/v1/files HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + size
        + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      assertThat(new String(in.readNBytes(25), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 100 Continue");
      out.write(new byte[size]);
      out.flush();
      byte[] answer = new byte[4096];
      String status = "";
      while (!status.contains("HTTP/1.1 200")) {
        int n = in.read(answer);
        assertThat(n).isPositive();
        status += new String(answer, 0, n, StandardCharsets.US_ASCII);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private HttpRequest request() {
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/v1/files");
    channel.writeInbound(request);
    assertThat((Object) channel.readInbound()).isSameAs(request);
    return request;
  }

  private void assertPassesAsItCame() {
    HttpContent part = new DefaultHttpContent(pooled("{}"));
    channel.writeInbound(part);
    assertThat((Object) channel.readInbound()).isSameAs(part);
    part.release();
  }

  private static ByteBuf pooled(String text) {
    ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer();
    buffer.writeCharSequence(text, StandardCharsets.UTF_8);
    return buffer;
  }
}
