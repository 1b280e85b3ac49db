package org.tidings;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tidings.auth.AuthVerticle;
import org.tidings.chat.ChatVerticle;
import org.tidings.cluster.Clustering;
import org.tidings.config.Config;
import org.tidings.content.ContentService;
import org.tidings.content.ContentSettings;
import org.tidings.content.ContentVerticle;
import org.tidings.db.Databases;
import org.tidings.gateway.Gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One Tidings instance: its Vert.x, its databases and every service, started in dependency
 * order (database and migrations, then the services, then the gateway that fronts them)
 * and stopped in reverse. {@code Main} and the tests start the server through here.
 */
public final class Server {

  private static final Logger LOG = LoggerFactory.getLogger(Server.class);

  private final Vertx vertx;
  private final Databases databases;
  private final List<String> deployments;
  private final int port;

  private Server(Vertx vertx, Databases databases, List<String> deployments, int port) {
    this.vertx = vertx;
    this.databases = databases;
    this.deployments = deployments;
    this.port = port;
  }

  public static Future<Server> start(Config config) {
    PrometheusMeterRegistry metrics = metrics();
    JsonObject http = config.section("http");
    int port = http.getInteger("port", 8080);
    JsonObject cluster = config.section("cluster");
    boolean nativeTransport = config.section("network").getBoolean("nativeTransport", true);
    return vertx(cluster, nativeTransport, metrics).compose(vertx -> vertx
      .executeBlocking(() -> {
        Databases databases = Databases.open(config.section("db"));
        databases.migrate();
        return databases;
      })
      .compose(databases -> {
        List<String> deployments = new ArrayList<>();
        int cores = Runtime.getRuntime().availableProcessors();
        return AuthVerticle.deploy(vertx, new JsonObject()
            .put("auth", config.section("auth"))
            .put("mail", config.section("mail"))
            .put("publicUrl", publicUrl(http))
            .put("dbUrl", databases.url("auth").url())
            .put("poolSize", databases.poolSize()), cores)
          .onSuccess(deployments::add)
          .compose(ignored -> vertx.deployVerticle(ChatVerticle::new, new DeploymentOptions()
            .setInstances(cores)
            .setConfig(new JsonObject()
              .put("dbUrl", databases.url("chat").url())
              .put("poolSize", databases.poolSize())
              .put("commitLanes", config.section("chat").getInteger("commitLanes", 1)))))
          .onSuccess(deployments::add)
          .compose(ignored -> ContentService.start(vertx, ContentSettings.from(content(config, http, cluster)),
            databases.url("content"), databases.poolSize()))
          .compose(content -> vertx.deployVerticle(new ContentVerticle(content))
            .onSuccess(deployments::add)
            .compose(ignored -> Gateway.deploy(vertx, http, metrics, content.store())))
          .onSuccess(deployments::add)
          .map(ignored -> new Server(vertx, databases, deployments, port))
          .onFailure(e -> vertx.executeBlocking(() -> {
            databases.close();
            return null;
          }));
      })
      .onSuccess(server -> {
        if (config.section("mail").getString("host", "").isBlank()) {
          LOG.info("No SMTP host configured: account mails are written to this log (development mode)");
        }
        LOG.info("Tidings is listening on {} (network transport: {})", publicUrl(http), transport(server.vertx()));
        if (!PlatformDependent.hasUnsafe()) {
          LOG.warn("Netty reaches its buffers without sun.misc.Unsafe ({}), which costs every request CPU: "
            + "on JDK 23 or newer start Java with --sun-misc-unsafe-memory-access=allow, as scripts/run does",
            PlatformDependent.getUnsafeUnavailabilityCause().getMessage());
        }
      })
      .onFailure(e -> vertx.close()));
  }

  /**
   * Stops accepting, lets requests in flight finish, closes pools, then the embedded database.
   * A service whose stop fails (closing a pooled connection the peer had already closed fails
   * with ClosedChannelException) is logged, and the others and the database are still stopped.
   */
  public Future<Void> stop() {
    Future<Void> undeployed = Future.succeededFuture();
    for (String id : deployments.reversed()) {
      undeployed = undeployed.compose(ignored -> vertx.undeploy(id)
        .recover(e -> {
          LOG.warn("Deployment {} did not stop cleanly", id, e);
          return Future.succeededFuture();
        }));
    }
    return undeployed
      .compose(ignored -> vertx.<Void>executeBlocking(() -> {
        databases.close();
        return null;
      }))
      .eventually(() -> vertx.close());
  }

  public int port() {
    return port;
  }

  public Vertx vertx() {
    return vertx;
  }

  static String publicUrl(JsonObject http) {
    String configured = http.getString("publicUrl", "");
    return configured.isBlank() ? "http://localhost:" + http.getInteger("port", 8080) : configured.replaceAll("/+$", "");
  }

  /** The content section, with the URL other instances fetch this one's cached blobs at. */
  private static JsonObject content(Config config, JsonObject http, JsonObject cluster) {
    JsonObject content = config.section("content");
    if (content.getString("peerUrl", "").isBlank()) {
      String host = http.getString("host", "0.0.0.0");
      if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::")) {
        host = cluster.getString("host", "127.0.0.1");
      }
      content.put("peerUrl", "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + http.getInteger("port", 8080));
    }
    return content;
  }

  private static Future<Vertx> vertx(JsonObject cluster, boolean nativeTransport, PrometheusMeterRegistry metrics) {
    VertxOptions options = new VertxOptions()
      .setPreferNativeTransport(nativeTransport)
      .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(false));
    VertxBuilder builder = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(metrics));
    if (!cluster.getBoolean("enabled", false)) {
      return Future.succeededFuture(builder.build());
    }
    options.getEventBusOptions().setHost(cluster.getString("host", "127.0.0.1"));
    return builder.with(options).withClusterManager(Clustering.manager(cluster)).buildClustered();
  }

  private static String transport(Vertx vertx) {
    Throwable cause = vertx.unavailableNativeTransportCause();
    String network = vertx.isNativeTransportEnabled() ? "native epoll"
      : cause == null ? "Java NIO" : "Java NIO, native unavailable: " + cause.getMessage();
    // PooledByteBufAllocator: "pooled buffers"; Netty 4.2's default, the adaptive one: "adaptive buffers"
    String allocator = ByteBufAllocator.DEFAULT.getClass().getSimpleName().replace("ByteBufAllocator", "");
    return network + ", " + allocator.toLowerCase(Locale.ROOT) + " buffers";
  }

  private static PrometheusMeterRegistry metrics() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    return registry;
  }
}
