package org.tidings;

import ch.qos.logback.classic.LoggerContext;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tidings.config.Config;
import org.tidings.db.Databases;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The command line.
 * <pre>
 *   tidings [serve] [--config FILE] [--cluster]   run the server (the default)
 *   tidings migrate [--config FILE]               apply database migrations and exit
 * </pre>
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  private static final long STOP_SECONDS = 40;
  private static final String NETTY_ALLOCATOR = "io.netty.allocator.type";

  private Main() {
  }

  public static void main(String[] args) {
    preferPooledBuffers();
    List<String> words = new ArrayList<>(List.of(args));
    Path file = option(words, "--config");
    JsonObject overrides = new JsonObject();
    if (words.remove("--cluster")) {
      overrides.put("cluster", new JsonObject().put("enabled", true));
    }
    String command = words.isEmpty() ? "serve" : words.remove(0);
    if (!words.isEmpty() || List.of("help", "--help", "-h").contains(command)) {
      usage();
      exit(command.startsWith("-") || command.equals("help") ? 0 : 2);
    }
    if (file == null && Files.exists(Path.of("conf/tidings.yaml"))) {
      file = Path.of("conf/tidings.yaml");
    }
    Config config = settings(file, overrides);
    switch (command) {
      case "serve" -> serve(config);
      case "migrate" -> migrate(config);
      default -> {
        usage();
        exit(2);
      }
    }
  }

  /** The settings, or a logged reason and exit status 2 when they cannot be read or are not valid. */
  private static Config settings(Path file, JsonObject overrides) {
    try {
      return Config.load(file, System.getenv(), overrides);
    } catch (RuntimeException e) {
      LOG.error("Tidings could not start: its settings could not be read", e);
      exit(2);
      throw e;
    }
  }

  /**
   * Netty's pooled allocator instead of 4.2's default adaptive one, unless the JVM was told
   * otherwise: a 64 KiB download took 0-2 us less server CPU with it in four A/B runs, never
   * more (docs/benchmarks.md). Set before anything loads Netty, which reads the property once.
   */
  private static void preferPooledBuffers() {
    if (System.getProperty(NETTY_ALLOCATOR) == null) {
      System.setProperty(NETTY_ALLOCATOR, "pooled");
    }
  }

  private static void serve(Config config) {
    Server.start(config)
      .onSuccess(server -> Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), "tidings-shutdown")))
      .onFailure(e -> {
        LOG.error("Tidings could not start", e);
        exit(1);
      });
  }

  /** Runs on SIGTERM / Ctrl-C: waits for a graceful stop, within reason. */
  private static void stop(Server server) {
    LOG.info("Stopping");
    CountDownLatch stopped = new CountDownLatch(1);
    server.stop().onComplete(done -> stopped.countDown());
    try {
      if (!stopped.await(STOP_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("Gave up waiting for a graceful stop after {} s", STOP_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("Stopped");
    // Logging is stopped last, here, rather than by its own shutdown hook racing this one.
    stopLogging();
  }

  private static void migrate(Config config) {
    try (Databases databases = Databases.open(config.section("db"))) {
      databases.migrate();
    } catch (RuntimeException e) {
      LOG.error("The migrations could not be applied", e);
      exit(1);
    }
    stopLogging();
  }

  /**
   * Exits once what was logged is written: the console appender writes from a thread of its
   * own, which {@link System#exit} would cut off, and a failed start would say nothing.
   */
  private static void exit(int status) {
    stopLogging();
    System.exit(status);
  }

  /** Writes what is still queued for the console, then stops logging. */
  private static void stopLogging() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
      logback.stop();
    }
  }

  private static Path option(List<String> words, String name) {
    int at = words.indexOf(name);
    if (at < 0) {
      return null;
    }
    if (at + 1 >= words.size()) {
      usage();
      exit(2);
    }
    Path value = Path.of(words.get(at + 1));
    words.subList(at, at + 2).clear();
    return value;
  }

  @SuppressWarnings("java:S106")
  private static void usage() {
    LOG.info("""
      usage: tidings [serve] [--config FILE] [--cluster]   run the server (default)
             tidings migrate [--config FILE]               apply database migrations and exit
      Settings: conf/tidings.yaml; any of them can be overridden by TIDINGS_* environment variables.""");
  }
}
