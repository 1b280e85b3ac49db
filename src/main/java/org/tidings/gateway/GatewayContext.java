package org.tidings.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import org.tidings.content.ContentStore;

/**
 * What every HTTP verticle instance of one server shares, including the content store of
 * this instance, through which file bytes stream (they never travel over the event bus).
 */
public record GatewayContext(AccessTokens tokens, MeterRegistry metrics, long jsonBodyLimit, LiveContext live,
                             ContentStore content, TrustedProxies proxies) {
}
