package org.tidings;

import org.junit.jupiter.api.Test;
import org.tidings.testing.Ports;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the built jar through {@code scripts/run}, on embedded defaults, as a person on a
 * fresh machine would; checks it serves, then stops it with SIGTERM and checks it stops cleanly.
 */
class ServerJarIT {

  @Test
  void scriptsRunServesHealthAndStopsGracefullyOnSigterm() throws Exception {
    int port = Ports.free();
    Path data = Files.createTempDirectory(Path.of("target"), "it-pg");
    Path log = Path.of("target", "server-jar-it.log");
    Process server = start(port, data, log);
    try {
      HttpResponse<String> health = awaitHealth(port);
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"UP\"");
      assertThat(Files.readString(log)).contains("Tidings is listening on http://localhost:" + port);
    } finally {
      server.destroy();
      assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
    }
    assertThat(Files.readString(log)).contains("Stopping").contains("Embedded PostgreSQL stopped").contains("Stopped")
      .as("scripts/run lets Netty use sun.misc.Unsafe").doesNotContain("without sun.misc.Unsafe")
      .as("the jar picks Netty's pooled buffers").contains("pooled buffers)");
  }

  @Test
  void aServerThatCannotStartSaysWhyAndExits() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      Path data = Files.createTempDirectory(Path.of("target"), "it-pg");
      Path log = Path.of("target", "server-jar-it-port-taken.log");
      Process server = start(taken.getLocalPort(), data, log);
      assertThat(server.waitFor(120, TimeUnit.SECONDS)).as("exited").isTrue();
      assertThat(server.exitValue()).isEqualTo(1);
      assertThat(Files.readString(log)).contains("Tidings could not start").contains("Address already in use");
    }
  }

  @Test
  void aSecondServerOnTheSameDataSaysItIsInUse() throws Exception {
    Path data = Files.createTempDirectory(Path.of("target"), "it-pg");
    Path firstLog = Path.of("target", "server-jar-it-first.log");
    Path secondLog = Path.of("target", "server-jar-it-second.log");
    int port = Ports.free();
    Process first = start(port, data, firstLog);
    try {
      assertThat(awaitHealth(port).statusCode()).isEqualTo(200);
      Process second = start(Ports.free(), data, secondLog);
      assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("exited").isTrue();
      assertThat(second.exitValue()).isEqualTo(1);
      assertThat(Files.readString(secondLog)).contains("Tidings could not start")
        .contains("is in use by another process").contains("TIDINGS_DB_EMBEDDED_DATA_DIR");
    } finally {
      first.destroy();
      assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aRelativeConfigFileIsReadFromWhereTheCommandRunsAndItsMistakesNamed() throws Exception {
    Path data = Files.createTempDirectory(Path.of("target"), "it-pg");
    Files.writeString(data.resolve("tidings.yaml"), "content:\n  cacheMaxBytes: -1\n");
    Path log = Path.of("target", "server-jar-it-config.log");
    ProcessBuilder builder = new ProcessBuilder(Path.of("scripts/run").toAbsolutePath().toString(), "--config", "tidings.yaml")
      .directory(data.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("TIDINGS_DB_EMBEDDED_DATA_DIR", data.resolve("pg").toAbsolutePath().toString());
    builder.environment().put("TIDINGS_HTTP_PORT", Integer.toString(Ports.free()));
    Process server = builder.start();
    assertThat(server.waitFor(120, TimeUnit.SECONDS)).as("exited").isTrue();
    assertThat(server.exitValue()).isEqualTo(1);
    assertThat(Files.readString(log)).contains("content.cacheMaxBytes must be more than 0, not -1");
  }

  @Test
  void aSettingThatIsNotANumberIsNamedAndNothingStarts() throws Exception {
    ProcessBuilder builder = new ProcessBuilder("scripts/run").redirectErrorStream(true);
    builder.environment().put("TIDINGS_HTTP_PORT", "eighty");
    Process refused = builder.start();
    String output = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(refused.exitValue()).isEqualTo(2);
    assertThat(output).contains("Tidings could not start").contains("TIDINGS_HTTP_PORT must be a number, got 'eighty'")
      .doesNotContain("Embedded PostgreSQL running");
  }

  @Test
  void helpPrintsTheUsage() throws Exception {
    Process help = new ProcessBuilder("scripts/run", "help").redirectErrorStream(true).start();
    String output = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(help.exitValue()).isZero();
    assertThat(output).contains("usage: tidings").contains("migrate");
  }

  private static Process start(int port, Path data, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder("scripts/run").redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("TIDINGS_HTTP_PORT", Integer.toString(port));
    builder.environment().put("TIDINGS_DB_EMBEDDED_DATA_DIR", data.toString());
    // Not the checkout's data/cache: a server on a fresh database drops the blobs it has no records of.
    builder.environment().put("TIDINGS_CONTENT_CACHE_DIR", data.resolveSibling(data.getFileName() + "-cache").toString());
    return builder.start();
  }

  private static HttpResponse<String> awaitHealth(int port) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    IOException last = null;
    while (System.nanoTime() < deadline) {
      try {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        last = e;
        TimeUnit.MILLISECONDS.sleep(250);
      }
    }
    throw new AssertionError("the server never answered /health", last);
  }
}
