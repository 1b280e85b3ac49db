package org.tidings.gateway;

import io.micrometer.core.instrument.MeterRegistry;

/** What every HTTP verticle instance of one server shares. */
public record GatewayContext(AccessTokens tokens, MeterRegistry metrics, long jsonBodyLimit, LiveContext live) {
}
