package org.tidings.gateway;

import io.netty.channel.epoll.EpollSocketChannel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.impl.VertxConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A file answer holds its head back for the body while it is sent, and lets go once it is done. */
class CorkedTest {

  @TempDir
  Path dir;
  private Vertx vertx;

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aFileAnswerIsCorkedWhileSentAndTheConnectionServesTheNextRequestUncorked() throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    assertThat(vertx.isNativeTransportEnabled()).as("Netty's epoll transport loads here").isTrue();
    byte[] bytes = new byte[100_000];
    new Random(7).nextBytes(bytes);
    Path file = Files.write(dir.resolve("file.bin"), bytes);
    List<Boolean> whileSending = new CopyOnWriteArrayList<>();
    List<Boolean> afterwards = new CopyOnWriteArrayList<>();
    int port = vertx.createHttpServer()
      .requestHandler(request -> {
        EpollSocketChannel socket = (EpollSocketChannel) ((VertxConnection) request.connection()).channel();
        Corked.send(request, () -> {
          whileSending.add(socket.config().isTcpCork());
          return request.response().sendFile(file.toString());
        }).onComplete(sent -> afterwards.add(socket.config().isTcpCork()));
      })
      .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();

    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build();
    HttpResponse<byte[]> first = client.send(get, HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> second = client.send(get, HttpResponse.BodyHandlers.ofByteArray());

    assertThat(first.body()).isEqualTo(bytes);
    assertThat(second.body()).isEqualTo(bytes);
    assertThat(whileSending).containsExactly(true, true);
    assertThat(afterwards).containsExactly(false, false);
  }

  @Test
  void withoutTheEpollTransportTheAnswerIsSentAsItIs() throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(false));
    Path file = Files.writeString(dir.resolve("file.txt"), "plain");
    int port = vertx.createHttpServer()
      .requestHandler(request -> Corked.send(request, () -> request.response().sendFile(file.toString())))
      .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();

    HttpResponse<String> answer = HttpClient.newHttpClient().send(
      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(answer.body()).isEqualTo("plain");
  }
}
