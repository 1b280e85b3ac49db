package org.tidings.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting of the server, read in layers: the defaults shipped in the jar
 * ({@code conf/tidings.yaml}), then an optional file, then environment variables,
 * then explicit overrides (tests and command-line flags).
 */
public final class Config {

  private static final String DEFAULTS = "tidings.yaml";
  private static final String ENV_PREFIX = "TIDINGS_";

  private final JsonObject root;

  private Config(JsonObject root) {
    this.root = root;
  }

  public static Config defaults() {
    return load(null, Map.of(), new JsonObject());
  }

  public static Config load(Path file, Map<String, String> env, JsonObject overrides) {
    JsonObject root = readDefaults();
    if (file != null) {
      root.mergeIn(readFile(file), true);
    }
    applyEnvironment(root, "", env);
    root.mergeIn(overrides, true);
    return new Config(root);
  }

  /** A section such as {@code "auth"} or {@code "db.embedded"}; empty when absent. */
  public JsonObject section(String path) {
    JsonObject node = root;
    for (String key : path.split("\\.")) {
      node = node.getJsonObject(key, new JsonObject());
    }
    return node.copy();
  }

  public JsonObject json() {
    return root.copy();
  }

  /**
   * A setting that must be more than 0, checked where it is read: zero or less would make every
   * upload fail, every token expire at once or a timer spin. Its name is in the error.
   */
  public static void requirePositive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be more than 0, not " + value);
    }
  }

  /** The environment variable that overrides a setting: {@code auth.accessTokenTtl -> TIDINGS_AUTH_ACCESS_TOKEN_TTL}. */
  public static String environmentName(String path) {
    return ENV_PREFIX + path.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').replace('-', '_')
      .toUpperCase(Locale.ROOT);
  }

  private static JsonObject readDefaults() {
    try (InputStream in = Config.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS + " is missing from the class path");
      }
      return parse(new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonObject readFile(Path file) {
    try (Reader reader = Files.newBufferedReader(file)) {
      Object doc = yaml().load(reader);
      return doc == null ? new JsonObject() : new JsonObject(asMap(doc, file.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read configuration " + file, e);
    }
  }

  private static JsonObject parse(String text) {
    Object doc = yaml().load(text);
    return doc == null ? new JsonObject() : new JsonObject(asMap(doc, DEFAULTS));
  }

  private static Yaml yaml() {
    return new Yaml(new SafeConstructor(new LoaderOptions()));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object doc, String source) {
    if (!(doc instanceof Map)) {
      throw new IllegalArgumentException(source + " must hold a mapping of settings");
    }
    return (Map<String, Object>) doc;
  }

  /** Only settings that exist in the defaults can be overridden, so a name maps to one path. */
  private static void applyEnvironment(JsonObject node, String prefix, Map<String, String> env) {
    for (String key : node.fieldNames()) {
      String path = prefix.isEmpty() ? key : prefix + "." + key;
      Object current = node.getValue(key);
      if (current instanceof JsonObject nested) {
        applyEnvironment(nested, path, env);
        continue;
      }
      String value = env.get(environmentName(path));
      if (value != null) {
        node.put(key, convert(path, current, value));
      }
    }
  }

  private static Object convert(String path, Object current, String value) {
    try {
      if (current instanceof Integer || current instanceof Long) {
        return Long.parseLong(value.trim());
      }
      if (current instanceof Boolean) {
        return Boolean.parseBoolean(value.trim());
      }
      if (current instanceof Double) {
        return Double.parseDouble(value.trim());
      }
      if (current instanceof JsonArray) {
        return new JsonArray(Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(environmentName(path) + " must be a number, got '" + value + "'");
    }
  }
}
