package org.tidings.chat;

import io.vertx.core.Vertx;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Lets at most one action per key through per window: the first hit of a quiet key acts at
 * once and opens its window; the hits during the window act together, once, at its end (which
 * opens the next). Not thread-safe: used on one verticle's context.
 */
final class QuietWindows<K, V> {

  private final Vertx vertx;
  private final long millis;
  private final BiConsumer<K, Set<V>> action;
  private final Map<K, Window<V>> open = new HashMap<>();
  private boolean stopped;

  /** {@code action} gets the key and the values of the hits it stands for, in arrival order. */
  QuietWindows(Vertx vertx, long millis, BiConsumer<K, Set<V>> action) {
    this.vertx = vertx;
    this.millis = millis;
    this.action = action;
  }

  /** Hits {@code key} with {@code values} at once: they act together, now or at the end of its window. */
  void hit(K key, Collection<V> values) {
    Window<V> window = open.get(key);
    if (window != null) {
      window.pending.addAll(values);
    } else if (!stopped) {
      act(key, new LinkedHashSet<>(values));
    }
  }

  void stop() {
    stopped = true;
    open.values().forEach(window -> vertx.cancelTimer(window.timerId));
    open.clear();
  }

  private void act(K key, Set<V> values) {
    Window<V> window = new Window<>();
    open.put(key, window);
    action.accept(key, values);
    window.timerId = vertx.setTimer(millis, id -> {
      open.remove(key);
      if (!window.pending.isEmpty() && !stopped) {
        act(key, window.pending);
      }
    });
  }

  private static final class Window<V> {
    private final Set<V> pending = new LinkedHashSet<>();
    private long timerId = -1;
  }
}
