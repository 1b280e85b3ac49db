package org.tidings.testing;

/** A registered, verified and signed-in account, as a test client holds it. */
public record TestUser(String id, String email, String password, String displayName, String token,
                       String refreshToken, String sessionId) {
}
