package org.tidings.gateway;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id (the client's {@code X-Request-Id} when it is sane), echoes it,
 * settles who the client is (see {@link TrustedProxies}), and writes one access line per
 * request with both. Paths only: queries may hold search terms.
 */
final class RequestLog implements Handler<RoutingContext> {

  private static final Logger ACCESS = LoggerFactory.getLogger("org.tidings.access");
  private static final CharSequence HEADER = HttpHeaders.createOptimized("X-Request-Id");
  private static final String FORWARDED_FOR = "X-Forwarded-For";
  private static final String KEY = "requestId";
  private static final String CLIENT_KEY = "clientIp";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final TrustedProxies proxies;

  RequestLog(TrustedProxies proxies) {
    this.proxies = proxies;
  }

  static String id(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id == null ? "-" : id;
  }

  /** The client's address, behind trusted proxies too; empty when unknown. */
  static String clientIp(RoutingContext ctx) {
    String ip = ctx.get(CLIENT_KEY);
    return ip == null ? "" : ip;
  }

  /** Unique enough to find a request in the logs; not a secret, so no SecureRandom lock per request. */
  private static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return Long.toHexString(random.nextLong() | Long.MIN_VALUE) + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader(HEADER);
    String id = given != null && SANE.matcher(given).matches() ? given : newId();
    long start = System.nanoTime();
    String peer = ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().host();
    String client = proxies.client(peer, ctx.request().headers().getAll(FORWARDED_FOR));
    ctx.put(KEY, id);
    ctx.put(CLIENT_KEY, client);
    ctx.response().putHeader(HEADER, id);
    ctx.addEndHandler(done -> ACCESS.info("{} {} {} {} {} {}ms", id, client, ctx.request().method(), ctx.request().path(),
      ctx.response().getStatusCode(), (System.nanoTime() - start) / 1_000_000));
    ctx.next();
  }
}
