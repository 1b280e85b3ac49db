package org.tidings.live;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The scenario run by Node.js with the stock {@code @vertx/eventbus-bridge-client.js}
 * and {@code sockjs-client}, installed by npm from {@code src/test/js} (package.json and lock
 * file) into {@code target/live-js}. Skipped, saying so, only when there is no {@code node}.
 */
class LiveStockClientTest {

  private static final Path SOURCES = Path.of("src/test/js");
  private static final Path WORK = Path.of("target/live-js");

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer();

  @BeforeAll
  static void install() throws IOException, InterruptedException {
    assumeTrue(run(List.of("node", "--version"), Map.of(), 30).exit == 0,
      "node is not installed: skipping the end-to-end test with the stock event-bus client");
    Files.createDirectories(WORK);
    for (String file : List.of("package.json", "package-lock.json", "live-e2e.js")) {
      Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isDirectory(WORK.resolve("node_modules/@vertx/eventbus-bridge-client.js"))) {
      Result installed = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 300);
      assertThat(installed.exit).as("npm ci: " + installed.output).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "xhr-streaming"})
  void theStockClientSeesTheWholeLifeOfARoom(String transport) throws IOException, InterruptedException {
    TestUser ann = tidings.newUser("Ann");
    TestUser bob = tidings.newUser("Bob");
    TestUser cat = tidings.newUser("Cat");
    Result result = run(List.of("node", "live-e2e.js"), Map.of(
      "BASE", "http://127.0.0.1:" + tidings.api().port(),
      "TRANSPORT", transport,
      "ANN_ID", ann.id(), "ANN_TOKEN", ann.token(),
      "BOB_ID", bob.id(), "BOB_TOKEN", bob.token(),
      "CAT_ID", cat.id(), "CAT_TOKEN", cat.token()), 120);
    assertThat(result.exit).as(result.output).isZero();
    assertThat(result.output).contains("\"ok\":true");
  }

  private record Result(int exit, String output) {
  }

  private static Result run(List<String> command, Map<String, String> env, long timeoutSeconds)
    throws IOException, InterruptedException {
    Path log = Files.createTempFile("live-e2e", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(WORK.toFile().isDirectory() ? WORK.toFile() : null)
      .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (IOException notInstalled) {
      return new Result(-1, notInstalled.getMessage());
    }
    boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly().waitFor();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    return finished ? new Result(process.exitValue(), output) : new Result(-1, "timed out: " + output);
  }
}
