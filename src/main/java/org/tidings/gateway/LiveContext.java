package org.tidings.gateway;

/** What every bridge of one instance shares: the token check, the membership view, the sockets. */
public record LiveContext(AccessTokens tokens, Memberships memberships, SocketRegistry registry, LiveSettings settings) {
}
