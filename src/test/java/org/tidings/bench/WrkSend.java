package org.tidings.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sends messages with {@code wrk} and {@code scripts/bench.d/chat-send.lua}: the same closed loop
 * as ChatBench's Vert.x client (one request in flight per connection, a message counted once its
 * {@code 201} came back), for a fraction of the CPU that client took from the two cores it shares
 * with the server and PostgreSQL.
 */
final class WrkSend {

  /** What one wrk run reported; latencies in microseconds. */
  record Outcome(long requests, long notCreated, long socketErrors, long durationUs, long p50, long p99, long p999) {

    long created() {
      return requests - notCreated;
    }

    double rate() {
      return created() * 1e6 / durationUs;
    }
  }

  private final Path script;
  private final Path input;
  private final String url;
  private final int connections;

  WrkSend(Path script, Path work, String base, List<String> tokens, List<String> roomIds, int connections) throws IOException {
    this.script = script;
    this.url = base;
    this.connections = connections;
    List<String> lines = new ArrayList<>();
    tokens.forEach(token -> lines.add("token " + token));
    roomIds.forEach(id -> lines.add("room " + id));
    Files.createDirectories(work);
    this.input = Files.write(work.resolve("wrk-send-" + roomIds.size() + ".txt"), lines, StandardCharsets.UTF_8);
  }

  /** Runs wrk for {@code seconds}; fails if any answer was not {@code 201} or a connection failed. */
  Outcome run(int seconds) throws IOException, InterruptedException {
    Process wrk = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--timeout", "30s",
      "-s", script.toString(), url, "--", input.toString(), UUID.randomUUID().toString().substring(0, 8))
      .redirectErrorStream(true).start();
    String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (wrk.waitFor() != 0) {
      throw new IllegalStateException("wrk failed:\n" + output);
    }
    Outcome outcome = parse(output);
    if (outcome.notCreated() > 0 || outcome.socketErrors() > 0) {
      throw new IllegalStateException(outcome.notCreated() + " answers were not 201, " + outcome.socketErrors()
        + " socket errors:\n" + output);
    }
    return outcome;
  }

  private static Outcome parse(String output) {
    String line = output.lines().filter(l -> l.startsWith("wrk-result ")).findFirst()
      .orElseThrow(() -> new IllegalStateException("no wrk-result line in:\n" + output));
    Map<String, Long> values = new HashMap<>();
    for (String pair : line.substring("wrk-result ".length()).split(" ")) {
      int eq = pair.indexOf('=');
      values.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
    }
    return new Outcome(values.get("requests"), values.get("notCreated"), values.get("socketErrors"), values.get("durationUs"),
      values.get("p50Us"), values.get("p99Us"), values.get("p999Us"));
  }
}
