package org.tidings.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.tidings.Server;
import org.tidings.config.Config;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for {@code scripts/bench live} (not a test), against a server started by the
 * script. Each socket is a real bridge client over {@code /eventbus/websocket}: it
 * authenticates, registers its room, pings every 10 s.
 * <pre>
 *   fanout source=send|publish users=2000 roomSize=10 rates=1000,2000,4000 seconds=10   (server in this JVM)
 *   idle   base=... users=2000 roomSize=10 sockets=15000 sources=127.0.0.1,127.0.0.2 pid=SERVER_PID
 * </pre>
 * Fan-out: sockets send {@code chat.send} (stored, then published) at a rising target rate, or
 * the bench publishes the events itself ({@code source=publish}); every member's socket stamps the receipt of each {@code message.new} against the send time
 * in its text. Idle: opens the sockets and reads the server's heap (after a full GC) before and after.
 */
public final class LiveBench {

  private static final long PING_MILLIS = 10_000;
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
  private static final byte[] ERROR = ascii("{\"type\":\"err\"");
  private static final byte[] STAMP = ascii("\"text\":\"t=");
  private static final byte[] MESSAGE_NEW = ascii("\"type\":\"message.new\"");

  // The generator shares the machine with the server: it uses the same network transport.
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(
    !"false".equals(System.getenv("TIDINGS_NETWORK_NATIVE_TRANSPORT"))));
  private final Map<String, String> args;
  private final WebClient http;
  private final Recorder latency = new Recorder(3);
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong sendErrors = new AtomicLong();
  private final AtomicLong published = new AtomicLong();
  // Vert.x 5 shuts down a WebSocket client that becomes unreachable (a Cleaner, with a 30 s grace
  // period) and its sockets with it: the bench keeps its clients for the whole run.
  private final List<WebSocketClient> clients = new ArrayList<>();

  private LiveBench(Map<String, String> args) {
    this.args = args;
    this.http = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(16));
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (String arg : argv) {
      int eq = arg.indexOf('=');
      args.put(eq < 0 ? "mode" : arg.substring(0, eq), eq < 0 ? arg : arg.substring(eq + 1));
    }
    LiveBench bench = new LiveBench(args);
    try {
      switch (args.getOrDefault("mode", "fanout")) {
        case "fanout" -> bench.fanOut();
        case "idle" -> bench.idle();
        default -> throw new IllegalArgumentException("mode is fanout or idle");
      }
    } finally {
      bench.vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  /**
   * Runs the server in this JVM (settings from the TIDINGS_* environment), so that with
   * {@code source=publish} events can be put straight on its event bus, as the chat service
   * does after a commit: that measures the live layer alone, without storing messages.
   */
  private void fanOut() throws Exception {
    Server server = Server.start(Config.load(null, System.getenv(), new JsonObject()))
      .toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS);
    try {
      args.put("base", "http://127.0.0.1:" + server.port());
      List<Member> members = members();
      List<BenchSocket> sockets = open(members, List.of("127.0.0.1"), members.size());
      String source = args.getOrDefault("source", "send");
      System.out.printf("fan-out (%s): %d sockets in %d rooms of %d%n", source, sockets.size(),
        members.size() / number("roomSize", 10), number("roomSize", 10));
      List<String> roomIds = members.stream().map(Member::roomId).distinct().toList();
      Runnable one = "publish".equals(source)
        ? () -> publish(server, roomIds.get(ThreadLocalRandom.current().nextInt(roomIds.size())))
        : () -> sockets.get(ThreadLocalRandom.current().nextInt(sockets.size())).send();
      risingRate(one);
    } finally {
      server.stop().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private void publish(Server server, String roomId) {
    JsonObject message = new JsonObject().put("roomId", roomId).put("seq", published.incrementAndGet())
      .put("type", "message").put("status", "sent").put("text", "t=" + System.nanoTime());
    server.vertx().eventBus().publish("room." + roomId,
      new JsonObject().put("type", "message.new").put("roomId", roomId).put("message", message));
  }

  private void risingRate(Runnable one) throws Exception {
    int seconds = number("seconds", 10);
    for (String step : args.getOrDefault("rates", "1000,2000,4000,6000,8000,10000,12000").split(",")) {
      int rate = Integer.parseInt(step.trim());
      long sender = startSending(one, rate);
      TimeUnit.SECONDS.sleep(3);
      latency.reset();
      long before = delivered.get();
      long errorsBefore = sendErrors.get();
      long start = System.nanoTime();
      long cpuStart = processCpuNanos();
      TimeUnit.SECONDS.sleep(seconds);
      double elapsed = (System.nanoTime() - start) / 1e9;
      Histogram window = latency.getIntervalHistogram();
      long count = delivered.get() - before;
      double cpuPerDelivery = (processCpuNanos() - cpuStart) / 1e3 / Math.max(1, count);
      vertx.cancelTimer(sender);
      TimeUnit.SECONDS.sleep(2);
      double p99 = window.getValueAtPercentile(99) / 1e6;
      System.out.printf("target %d msg/s (%d deliveries/s): delivered %.0f/s p50=%.1fms p99=%.1fms p999=%.1fms max=%.1fms send errors=%d"
          + " cpu=%.1fus/delivery (server + generator)%n",
        rate, rate * number("roomSize", 10), count / elapsed, window.getValueAtPercentile(50) / 1e6, p99,
        window.getValueAtPercentile(99.9) / 1e6, window.getMaxValue() / 1e6, sendErrors.get() - errorsBefore, cpuPerDelivery);
      if (p99 > 100 || count / elapsed < 0.9 * rate * number("roomSize", 10)) {
        System.out.println("stopping: p99 over 100 ms or under 90% of the target delivered");
        break;
      }
    }
  }

  /** Sends {@code rate} messages a second, in ticks of 10 ms. */
  private long startSending(Runnable one, int rate) {
    double perTick = rate / 100.0;
    double[] owed = new double[1];
    return vertx.setPeriodic(10, id -> {
      owed[0] += perTick;
      for (; owed[0] >= 1; owed[0]--) {
        one.run();
      }
    });
  }

  private void idle() throws Exception {
    List<Member> members = members();
    long pid = Long.parseLong(args.get("pid"));
    long before = heapKib(pid);
    int wanted = number("sockets", 15_000);
    List<String> sources = List.of(args.getOrDefault("sources", "127.0.0.1,127.0.0.2,127.0.0.3").split(","));
    long start = System.nanoTime();
    List<BenchSocket> sockets = open(members, sources, wanted);
    System.out.printf("idle: %d sockets authenticated and registered in %.0f s%n", sockets.size(),
      (System.nanoTime() - start) / 1e9);
    TimeUnit.SECONDS.sleep(number("settle", 20));
    long after = heapKib(pid);
    long open = sockets.stream().filter(s -> !s.closed).count();
    System.out.printf("idle: %d of %d sockets still open after %d s; server heap after full GC %d KiB -> %d KiB: %.1f KiB per socket%n",
      open, sockets.size(), number("settle", 20), before, after, (after - before) / (double) sockets.size());
  }

  /** Users in rooms of {@code roomSize}, made through the HTTP API. */
  private List<Member> members() throws Exception {
    int users = number("users", 2000);
    int roomSize = number("roomSize", 10);
    long start = System.nanoTime();
    List<Session> sessions = inBatches(users, 32, i -> signUp("bench-live-" + UUID.randomUUID().toString().substring(0, 8)));
    List<Member> members = new ArrayList<>();
    List<String> roomIds = inBatches(users / roomSize, 16, r -> {
      List<Session> group = sessions.subList(r * roomSize, (r + 1) * roomSize);
      JsonArray others = new JsonArray(group.subList(1, group.size()).stream().map(Session::id).toList());
      return http.postAbs(base() + "/api/v1/rooms").putHeader("Authorization", "Bearer " + group.getFirst().token())
        .sendJsonObject(new JsonObject().put("name", "bench " + r).put("type", "group").put("members", others))
        .map(response -> response.bodyAsJsonObject().getString("id"));
    });
    for (int r = 0; r < roomIds.size(); r++) {
      for (Session session : sessions.subList(r * roomSize, (r + 1) * roomSize)) {
        members.add(new Member(session, roomIds.get(r)));
      }
    }
    System.out.printf("set up %d users in %d rooms in %.0f s%n", sessions.size(), roomIds.size(), (System.nanoTime() - start) / 1e9);
    return members;
  }

  private Future<Session> signUp(String name) {
    String email = name + "@example.org";
    String password = "benchmark password";
    JsonObject credentials = new JsonObject().put("email", email).put("password", password);
    return http.postAbs(base() + "/api/v1/auth/register").sendJsonObject(credentials)
      .compose(registered -> http.postAbs(base() + "/api/v1/auth/login").sendJsonObject(credentials))
      .map(login -> {
        JsonObject pair = login.bodyAsJsonObject();
        return new Session(pair.getString("userId"), pair.getString("accessToken"));
      });
  }

  /** Opens {@code count} sockets for the members in turn, from the source addresses in turn, 200 at a time. */
  private List<BenchSocket> open(List<Member> members, List<String> sources, int count) throws Exception {
    List<WebSocketClient> bySource = sources.stream().map(source -> vertx.createWebSocketClient(
      new WebSocketClientOptions().setLocalAddress(source).setMaxConnections(count))).toList();
    clients.addAll(bySource);
    return inBatches(count, 200, i -> new BenchSocket(members.get(i % members.size()))
      .connect(bySource.get(i % bySource.size())));
  }

  private <T> List<T> inBatches(int count, int batch, Function<Integer, Future<T>> one) throws Exception {
    List<T> results = new ArrayList<>(count);
    for (int from = 0; from < count; from += batch) {
      List<Future<T>> pending = new ArrayList<>();
      for (int i = from; i < Math.min(count, from + batch); i++) {
        pending.add(one.apply(i));
      }
      for (Future<T> done : pending) {
        results.add(done.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS));
      }
    }
    return results;
  }

  private static long heapKib(long pid) throws Exception {
    jcmd(pid, "GC.run");
    Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
    if (!used.find()) {
      throw new IllegalStateException("no heap figure from jcmd");
    }
    return Long.parseLong(used.group(1));
  }

  private static String jcmd(long pid, String command) throws Exception {
    Process process = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(60, TimeUnit.SECONDS);
    return output;
  }

  private String base() {
    return args.getOrDefault("base", "http://127.0.0.1:18180");
  }

  private int number(String name, int fallback) {
    return Integer.parseInt(args.getOrDefault(name, Integer.toString(fallback)));
  }

  private record Session(String id, String token) {
  }

  private record Member(Session session, String roomId) {
  }

  /** One bridge socket of one member. */
  private final class BenchSocket {

    private final Member member;
    private WebSocket socket;
    private volatile boolean closed;

    BenchSocket(Member member) {
      this.member = member;
    }

    Future<BenchSocket> connect(WebSocketClient client) {
      Promise<BenchSocket> ready = Promise.promise();
      String authReply = UUID.randomUUID().toString();
      return client.connect(new WebSocketConnectOptions().setHost(host()).setPort(port()).setURI("/eventbus/websocket"))
        .compose(ws -> {
          socket = ws;
          ws.closeHandler(ignored -> closed = true);
          ws.handler(data -> {
            if (ready.future().isComplete()) {
              received(data);
            } else if (authReply.equals(data.toJsonObject().getString("address"))) {
              write(new JsonObject().put("type", "register").put("address", "room." + member.roomId()));
              vertx.setPeriodic(PING_MILLIS, id -> write(new JsonObject().put("type", "ping")));
              ready.tryComplete(this);
            }
          });
          write(new JsonObject().put("type", "send").put("address", "auth.socket")
            .put("body", new JsonObject().put("token", member.session().token())).put("replyAddress", authReply));
          return ready.future();
        });
    }

    void send() {
      write(new JsonObject().put("type", "send").put("address", "chat.send").put("replyAddress", UUID.randomUUID().toString())
        .put("body", new JsonObject().put("roomId", member.roomId()).put("text", "t=" + System.nanoTime())));
    }

    /**
     * Reads only what the count needs, without parsing the frame: the generator shares the
     * machine with the server, so every frame it decodes is taken from the measured rate.
     */
    private void received(Buffer data) {
      long now = System.nanoTime();
      byte[] frame = data.getBytes();
      if (startsWith(frame, ERROR)) {
        sendErrors.incrementAndGet();
        return;
      }
      int stamp = indexOf(frame, STAMP);
      if (stamp >= 0 && indexOf(frame, MESSAGE_NEW) >= 0) {
        latency.recordValue(Math.max(0, now - digits(frame, stamp + STAMP.length)));
        delivered.incrementAndGet();
      }
    }

    private void write(JsonObject frame) {
      if (!closed) {
        socket.writeTextMessage(frame.encode());
      }
    }
  }

  private static boolean startsWith(byte[] frame, byte[] prefix) {
    return frame.length >= prefix.length && matchesAt(frame, prefix, 0);
  }

  private static int indexOf(byte[] frame, byte[] needle) {
    for (int at = 0, last = frame.length - needle.length; at <= last; at++) {
      if (frame[at] == needle[0] && matchesAt(frame, needle, at)) {
        return at;
      }
    }
    return -1;
  }

  private static boolean matchesAt(byte[] frame, byte[] needle, int at) {
    for (int i = 0; i < needle.length; i++) {
      if (frame[at + i] != needle[i]) {
        return false;
      }
    }
    return true;
  }

  private static long digits(byte[] frame, int from) {
    long value = 0;
    for (int at = from; at < frame.length && frame[at] >= '0' && frame[at] <= '9'; at++) {
      value = value * 10 + (frame[at] - '0');
    }
    return value;
  }

  private String host() {
    return base().replaceFirst("^https?://", "").replaceFirst(":.*$", "");
  }

  private int port() {
    return Integer.parseInt(base().replaceFirst("^.*:", "").replaceAll("/.*$", ""));
  }
}
