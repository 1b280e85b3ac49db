package org.tidings.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.tidings.Server;
import org.tidings.config.Config;
import org.tidings.db.DatabaseUrl;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Tidings server for one test class, started through {@link Server#start} as
 * {@code Main} starts it, on its own fresh database and port, mailing to a real SMTP server.
 * <pre>
 *   {@literal @}RegisterExtension
 *   static TidingsServer tidings = new TidingsServer();
 * </pre>
 */
public final class TidingsServer implements BeforeAllCallback, AfterAllCallback {

  private static final AtomicInteger USERS = new AtomicInteger();

  private final JsonObject overrides;
  private TidingsServer databaseOwner;
  private Mailbox mailbox;
  private Server server;
  private Vertx clientVertx;
  private Api api;
  private DatabaseUrl database;
  private Path cacheDir;

  public TidingsServer() {
    this(new JsonObject());
  }

  /** Settings laid over the test defaults, as in {@code conf/tidings.yaml}. */
  public TidingsServer(JsonObject overrides) {
    this.overrides = overrides;
  }

  /**
   * Another instance on the same database and mail server, as instances of one cluster are
   * (a request may be served by any instance's service, so mail may leave from either).
   */
  public TidingsServer sharingDatabaseOf(TidingsServer owner) {
    this.databaseOwner = owner;
    return this;
  }

  /** Each run of a test class (surefire reruns a failed test so) gets a fresh database and cache. */
  @Override
  public void beforeAll(ExtensionContext context) {
    cacheDir = null;
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  public void start() {
    mailbox = databaseOwner == null ? new Mailbox() : databaseOwner.mailbox();
    database = databaseOwner == null ? TestDatabase.get().fresh() : databaseOwner.database();
    int port = Ports.free();
    JsonObject settings = new JsonObject()
      .put("http", new JsonObject().put("port", port).put("host", "127.0.0.1").put("instances", 2))
      .put("db", new JsonObject().put("url", database.url()).put("poolSize", 8))
      .put("auth", new JsonObject().put("argon2", new JsonObject().put("memoryKib", 1024).put("iterations", 1)))
      .put("mail", new JsonObject().put("host", "127.0.0.1").put("port", mailbox.port()).put("starttls", "DISABLED"))
      .put("content", new JsonObject().put("cacheDir", cacheDir().toString()));
    settings.mergeIn(overrides, true);
    server = Api.await(Server.start(Config.load(null, Map.of(), settings)));
    clientVertx = Vertx.vertx();
    api = new Api(clientVertx, port);
  }

  public void stop() {
    if (server != null) {
      Api.await(server.stop());
      server = null;
    }
    if (clientVertx != null) {
      Api.await(clientVertx.close());
    }
    if (mailbox != null && databaseOwner == null) {
      mailbox.close();
    }
  }

  public Api api() {
    return api;
  }

  /** The Vert.x the test clients run on (not the server's). */
  public Vertx clientVertx() {
    return clientVertx;
  }

  /** A bridge socket signed in as the user. */
  public BridgeClient bridge(TestUser user) {
    return BridgeClient.signedIn(clientVertx, api.port(), user);
  }

  public Mailbox mailbox() {
    return mailbox;
  }

  public Server server() {
    return server;
  }

  /** This server's disk cache (kept across {@link #stop()} and {@link #start()}). */
  public Path cacheDir() {
    if (cacheDir == null) {
      cacheDir = Path.of("target", "test-cache", UUID.randomUUID().toString()).toAbsolutePath();
    }
    return cacheDir;
  }

  public DatabaseUrl database() {
    return database;
  }

  /** Registers, verifies through the mailed link and signs in a new account. */
  public TestUser newUser(String name) {
    String email = name.toLowerCase() + "-" + USERS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8)
      + "@example.org";
    String password = "correct horse " + name;
    Response registered = api.post("/auth/register", new JsonObject().put("email", email).put("password", password)
      .put("displayName", name));
    expect(registered, 201);
    expect(api.post("/auth/verify", new JsonObject().put("token", mailbox.token(email, "verify"))), 204);
    Response login = api.post("/auth/login", new JsonObject().put("email", email).put("password", password));
    expect(login, 200);
    JsonObject pair = login.json();
    return new TestUser(pair.getString("userId"), email, password, name, pair.getString("accessToken"),
      pair.getString("refreshToken"), pair.getString("sessionId"));
  }

  private static void expect(Response response, int status) {
    if (response.status() != status) {
      throw new AssertionError("expected " + status + " but got " + response);
    }
  }
}
