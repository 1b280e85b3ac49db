package org.tidings.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * Load generator for {@code scripts/bench chat} (not a test). Closed loop: each connection sends
 * its next request when the previous answer arrived, so every counted message was answered
 * {@code 201}, which the server sends only after the commit.
 * <pre>
 *   send    base=http://127.0.0.1:18080 rooms=1000 connections=64 seconds=30 warmup=10 generator=wrk|vertx
 *   history base=... jdbc=jdbc:postgresql://127.0.0.1:15432/tidings rooms=1000 perRoom=10000 connections=1,16 seconds=30
 * </pre>
 * With {@code serverPid=} and {@code postgresPid=} (the postmaster) it also prints the CPU time
 * each request cost the server, PostgreSQL and the load generator (wrk, or this process) during
 * the measured seconds.
 * Prints one line of figures per run; {@code targets} writes the (room, user) pairs for pgbench.
 */
public final class ChatBench {

  private final Vertx vertx = Vertx.vertx();
  /** For setting up users and rooms. */
  private final WebClient client;
  /**
   * For the measured requests: the plain HTTP client, with paths, headers and bodies made as
   * strings, costs this process less per request than the web client's JSON and interceptors,
   * and it shares the two cores with what is measured.
   */
  private final HttpClient http;
  private final Map<String, String> args;

  private ChatBench(Map<String, String> args) {
    this.args = args;
    int connections = 0;
    for (String n : args.getOrDefault("connections", "64").split(",")) {
      connections = Math.max(connections, Integer.parseInt(n));
    }
    this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setTcpNoDelay(true),
      new PoolOptions().setHttp1MaxSize(connections));
    URI base = URI.create(base());
    this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
        .setDefaultHost(base.getHost()).setDefaultPort(base.getPort()),
      new PoolOptions().setHttp1MaxSize(connections));
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (String arg : argv) {
      int eq = arg.indexOf('=');
      args.put(eq < 0 ? "mode" : arg.substring(0, eq), eq < 0 ? arg : arg.substring(eq + 1));
    }
    ChatBench bench = new ChatBench(args);
    try {
      switch (args.getOrDefault("mode", "send")) {
        case "send" -> bench.sendRate();
        case "history" -> bench.historyLatency();
        default -> throw new IllegalArgumentException("mode is send or history");
      }
    } finally {
      bench.vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Users, one per connection, all members of every room. {@code generator=wrk} (the default)
   * sends with wrk ({@link WrkSend}), {@code generator=vertx} with this process's HTTP client,
   * each connection to random rooms as its own user.
   */
  private void sendRate() throws Exception {
    int connections = number("connections", 64);
    int rooms = number("rooms", 1000);
    List<Session> users = users(connections);
    List<String> roomIds = rooms(users, rooms);
    String generator = args.getOrDefault("generator", "wrk");
    Result result = switch (generator) {
      case "wrk" -> wrk(users, roomIds, connections);
      case "vertx" -> {
        AtomicLong seq = new AtomicLong();
        List<String> paths = roomIds.stream().map(id -> "/api/v1/rooms/" + id + "/messages").toList();
        Request send = user -> exchange(HttpMethod.POST, paths.get(ThreadLocalRandom.current().nextInt(paths.size())), user,
          "{\"text\":\"benchmark message " + seq.incrementAndGet() + "\"}");
        yield run(users, send, 201);
      }
      default -> throw new IllegalArgumentException("generator is wrk or vertx");
    };
    System.out.printf("chat send: generator=%s rooms=%d connections=%d seconds=%d messages=%d rate=%.0f/s p50=%.2fms p99=%.2fms errors=%d%s%n",
      generator, rooms, connections, number("seconds", 30), result.count(), result.rate(), result.p50(), result.p99(),
      result.errors(), result.cpu());
    writeTargets(users, roomIds);
  }

  /** A warm-up run, then the measured one; wrk's CPU is this process's once wrk has exited and been reaped. */
  private Result wrk(List<Session> users, List<String> roomIds, int connections) throws Exception {
    WrkSend wrk = new WrkSend(Path.of(args.getOrDefault("wrkScript", "scripts/bench.d/chat-send.lua")),
      Path.of(args.getOrDefault("work", "target/bench-chat")), base(), users.stream().map(Session::token).toList(),
      roomIds, connections);
    wrk.run(number("warmup", 10));
    CpuUse cpu = new CpuUse(CpuTime::ownWithReapedChildren);
    WalUse wal = args.containsKey("jdbc") ? new WalUse(args.get("jdbc")) : null;
    WrkSend.Outcome outcome = wrk.run(number("seconds", 30));
    String cpuPerRequest = cpu.per(outcome.created());
    if (wal != null) {
      // backends flush their counters about once a second
      TimeUnit.MILLISECONDS.sleep(1_100);
      cpuPerRequest += wal.per(outcome.created());
    }
    return new Result(outcome.created(), outcome.rate(), outcome.p50() / 1000.0, outcome.p99() / 1000.0,
      outcome.p999() / 1000.0, outcome.notCreated(), cpuPerRequest);
  }

  /**
   * Rooms of {@code perRoom} generated messages each, then random {@code before=} pages of 50,
   * once per entry of {@code connections} (a comma-separated list: 1 shows the latency of a
   * lone reader, more show it under load).
   */
  private void historyLatency() throws Exception {
    int rooms = number("rooms", 1000);
    int perRoom = number("perRoom", 10_000);
    List<Session> users = users(1);
    Session reader = users.getFirst();
    List<String> roomIds = rooms(users, rooms);
    generate(reader, roomIds, perRoom);
    Request page = user -> exchange(HttpMethod.GET, "/api/v1/rooms/" + roomIds.get(ThreadLocalRandom.current().nextInt(roomIds.size()))
      + "/messages?limit=50&before=" + (2 + ThreadLocalRandom.current().nextInt(perRoom)), user, null);
    for (String connections : args.getOrDefault("connections", "16").split(",")) {
      List<Session> readers = new ArrayList<>();
      for (int i = 0; i < Integer.parseInt(connections); i++) {
        readers.add(reader);
      }
      Result result = run(readers, page, 200);
      System.out.printf("chat history: messages=%d connections=%s seconds=%d pages=%d rate=%.0f/s p50=%.2fms p99=%.2fms p999=%.2fms errors=%d%s%n",
        (long) rooms * perRoom, connections, number("seconds", 30), result.count(), result.rate(), result.p50(), result.p99(),
        result.p999(), result.errors(), result.cpu());
    }
  }

  /** 10,000 messages into each room straight in SQL with generate_series, then each room's last_seq set to match. */
  private void generate(Session user, List<String> roomIds, int perRoom) throws SQLException {
    long start = System.nanoTime();
    try (Connection c = DriverManager.getConnection(args.get("jdbc"), "postgres", null)) {
      try (Statement s = c.createStatement()) {
        s.execute("SET synchronous_commit = off");
      }
      try (PreparedStatement insert = c.prepareStatement("""
        INSERT INTO chat.messages (room_id, seq, sender_id, type, data, sent_at)
        SELECT ?::uuid, s, ?::uuid, 'message',
               jsonb_build_object('text', 'generated message ' || s || ' of a long history, about sixty chars'),
               now() - make_interval(secs => ? - s)
        FROM generate_series(1, ?) AS s""");
           PreparedStatement last = c.prepareStatement("UPDATE chat.rooms SET last_seq = ? WHERE id = ?::uuid")) {
        for (String roomId : roomIds) {
          insert.setString(1, roomId);
          insert.setString(2, user.id());
          insert.setInt(3, perRoom);
          insert.setInt(4, perRoom);
          insert.executeUpdate();
          last.setInt(1, perRoom);
          last.setString(2, roomId);
          last.executeUpdate();
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("VACUUM ANALYZE chat.messages");
      }
    }
    System.out.printf("generated %d messages in %.0f s%n", (long) roomIds.size() * perRoom, (System.nanoTime() - start) / 1e9);
  }

  private record Session(String id, String token, String authorization) {
    Session(String id, String token) {
      this(id, token, "Bearer " + token);
    }
  }

  private record Result(long count, double rate, double p50, double p99, double p999, long errors, String cpu) {
  }

  /** CPU time of the server, PostgreSQL and the load generator, per counted request, when their pids were given. */
  private final class CpuUse {
    private final DoubleSupplier generator;
    private final double[] start;

    CpuUse(DoubleSupplier generator) {
      this.generator = generator;
      this.start = snapshot();
    }

    private double[] snapshot() {
      long server = Long.parseLong(args.getOrDefault("serverPid", "-1"));
      long postgres = Long.parseLong(args.getOrDefault("postgresPid", "-1"));
      return new double[] {
        server < 0 ? 0 : CpuTime.micros(server, false),
        postgres < 0 ? 0 : CpuTime.micros(postgres, true),
        generator.getAsDouble()};
    }

    String per(long count) {
      if (!args.containsKey("serverPid") || count == 0) {
        return "";
      }
      double[] end = snapshot();
      return String.format(" cpu/request: server=%.0fus postgres=%.0fus bench=%.0fus",
        (end[0] - start[0]) / count, (end[1] - start[1]) / count, (end[2] - start[2]) / count);
    }
  }

  /** The status of the answer, once its whole body has arrived. */
  private interface Request {
    Future<Integer> send(Session user);
  }

  private Future<Integer> exchange(HttpMethod method, String path, Session user, String json) {
    return http.request(method, path).compose(request -> {
      request.putHeader(HttpHeaders.AUTHORIZATION, user.authorization());
      if (json == null) {
        return request.send();
      }
      request.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
      return request.send(json);
    }).compose(response -> response.body().map(body -> response.statusCode()));
  }

  private Result run(List<Session> users, Request request, int expected) throws Exception {
    int seconds = number("seconds", 30);
    int warmup = number("warmup", 10);
    Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    AtomicLong count = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Future<Void>> loops = new ArrayList<>();
    for (Session user : users) {
      Promise<Void> done = Promise.promise();
      vertx.runOnContext(ignored -> loop(user, request, expected, latency, count, errors, measuring, running, done));
      loops.add(done.future());
    }
    TimeUnit.SECONDS.sleep(warmup);
    synchronized (latency) {
      latency.reset();
    }
    count.set(0);
    errors.set(0);
    measuring.set(true);
    long start = System.nanoTime();
    CpuUse cpu = new CpuUse(() -> CpuTime.micros(ProcessHandle.current().pid(), false));
    WalUse wal = args.containsKey("jdbc") ? new WalUse(args.get("jdbc")) : null;
    TimeUnit.SECONDS.sleep(seconds);
    long counted = count.get();
    double elapsed = (System.nanoTime() - start) / 1e9;
    String cpuPerRequest = cpu.per(counted);
    running.set(false);
    Future.join(loops).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    if (wal != null) {
      // the requests still in flight when counting stopped are a few dozen: negligible here
      TimeUnit.MILLISECONDS.sleep(1_100);
      cpuPerRequest += wal.per(counted);
    }
    synchronized (latency) {
      return new Result(counted, counted / elapsed, latency.getValueAtPercentile(50) / 1000.0,
        latency.getValueAtPercentile(99) / 1000.0, latency.getValueAtPercentile(99.9) / 1000.0, errors.get(), cpuPerRequest);
    }
  }

  private void loop(Session user, Request request, int expected, Histogram latency, AtomicLong count, AtomicLong errors,
                    AtomicBoolean measuring, AtomicBoolean running, Promise<Void> done) {
    if (!running.get()) {
      done.complete();
      return;
    }
    long start = System.nanoTime();
    request.send(user).onComplete(answer -> {
      boolean ok = answer.succeeded() && answer.result() == expected;
      if (measuring.get() && running.get()) {
        if (ok) {
          count.incrementAndGet();
          synchronized (latency) {
            latency.recordValue(Math.min((System.nanoTime() - start) / 1000, TimeUnit.SECONDS.toMicros(60)));
          }
        } else {
          errors.incrementAndGet();
        }
      }
      loop(user, request, expected, latency, count, errors, measuring, running, done);
    });
  }

  /** Registered and signed in a few at a time: password hashing is deliberately slow. */
  private List<Session> users(int n) throws Exception {
    List<Session> sessions = new ArrayList<>();
    String run = UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < n; i += 8) {
      List<Future<Session>> batch = new ArrayList<>();
      for (int j = i; j < Math.min(n, i + 8); j++) {
        batch.add(user("bench-" + run + "-" + j + "@example.org", "benchmark password " + j));
      }
      Future.all(batch).toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS);
      batch.forEach(session -> sessions.add(session.result()));
    }
    return sessions;
  }

  private Future<Session> user(String email, String password) {
    return client.postAbs(base() + "/api/v1/auth/register")
      .sendJsonObject(new JsonObject().put("email", email).put("password", password))
      .compose(registered -> client.postAbs(base() + "/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("email", email).put("password", password)))
      .map(login -> {
        if (login.statusCode() != 200) {
          throw new IllegalStateException("login failed: " + login.bodyAsString());
        }
        JsonObject body = login.bodyAsJsonObject();
        return new Session(body.getString("userId"), body.getString("accessToken"));
      });
  }

  private List<String> rooms(List<Session> users, int n) throws Exception {
    Session owner = users.getFirst();
    JsonArray members = new JsonArray(users.subList(1, users.size()).stream().map(Session::id).toList());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i += 50) {
      List<Future<String>> batch = new ArrayList<>();
      for (int j = i; j < Math.min(n, i + 50); j++) {
        batch.add(client.postAbs(base() + "/api/v1/rooms").putHeader("Authorization", "Bearer " + owner.token())
          .sendJsonObject(new JsonObject().put("name", "bench " + j).put("type", "group").put("members", members))
          .map(created -> created.bodyAsJsonObject().getString("id")));
      }
      Future.all(batch).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
      batch.forEach(id -> ids.add(id.result()));
    }
    return ids;
  }

  /** The (room, member) pairs of this run, for pgbench to replay the same statement. */
  private void writeTargets(List<Session> users, List<String> roomIds) throws SQLException {
    String jdbc = args.get("jdbc");
    if (jdbc == null) {
      return;
    }
    try (Connection c = DriverManager.getConnection(jdbc, "postgres", null);
         Statement s = c.createStatement()) {
      String table = "public." + args.getOrDefault("targets", "bench_targets").replaceAll("[^a-z_]", "");
      s.execute("DROP TABLE IF EXISTS " + table);
      s.execute("CREATE TABLE " + table + " (n int PRIMARY KEY, room_id uuid NOT NULL, user_id uuid NOT NULL)");
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?::uuid, ?::uuid)")) {
        for (int i = 0; i < roomIds.size(); i++) {
          insert.setInt(1, i + 1);
          insert.setString(2, roomIds.get(i));
          insert.setString(3, users.get(i % users.size()).id());
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
  }

  private String base() {
    return args.getOrDefault("base", "http://127.0.0.1:18080");
  }

  private int number(String name, int fallback) {
    return Integer.parseInt(args.getOrDefault(name, Integer.toString(fallback)));
  }
}
