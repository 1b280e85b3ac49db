package org.tidings.auth;

/** Every statement the auth service runs; parameters are always bound, never spliced. */
final class AuthQueries {

  private AuthQueries() {
  }

  static final String INSERT_USER = """
    INSERT INTO auth.users (email, pass_hash, display_name) VALUES ($1, $2, $3) RETURNING id""";

  static final String USER_BY_EMAIL = """
    SELECT id, email, pass_hash, email_verified_at FROM auth.users WHERE lower(email) = lower($1)""";

  static final String VERIFIED_USER_BY_EMAIL = """
    SELECT id, display_name FROM auth.users WHERE lower(email) = lower($1) AND email_verified_at IS NOT NULL""";

  static final String PROFILE = """
    SELECT id, email, display_name, settings, created_at FROM auth.users WHERE id = $1""";

  static final String UPDATE_PROFILE = """
    UPDATE auth.users SET display_name = coalesce($2, display_name), settings = coalesce($3, settings)
    WHERE id = $1 RETURNING id, email, display_name, settings, created_at""";

  static final String DISPLAY_NAMES = """
    SELECT id, display_name FROM auth.users WHERE id = ANY($1)""";

  static final String MARK_VERIFIED = """
    UPDATE auth.users SET email_verified_at = coalesce(email_verified_at, now()) WHERE id = $1""";

  /** A reset proves the mailbox too, so it also verifies the address. */
  static final String SET_PASSWORD = """
    UPDATE auth.users SET pass_hash = $2, email_verified_at = coalesce(email_verified_at, now()) WHERE id = $1""";

  static final String INSERT_MAIL_TOKEN = """
    INSERT INTO auth.mail_tokens (hash, user_id, purpose, expires_at) VALUES ($1, $2, $3, $4)""";

  static final String USE_MAIL_TOKEN = """
    UPDATE auth.mail_tokens SET used_at = now()
    WHERE hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
    RETURNING user_id""";

  static final String INSERT_SESSION = """
    INSERT INTO auth.sessions (user_id, ip, user_agent) VALUES ($1, $2, $3) RETURNING id""";

  static final String INSERT_REFRESH_TOKEN = """
    INSERT INTO auth.refresh_tokens (hash, session_id, expires_at) VALUES ($1, $2, $3)""";

  /** Spends a refresh token once; only a live session's unexpired token qualifies. */
  static final String USE_REFRESH_TOKEN = """
    UPDATE auth.refresh_tokens r SET used_at = now()
    FROM auth.sessions s
    WHERE r.hash = $1 AND r.used_at IS NULL AND r.expires_at > now()
      AND s.id = r.session_id AND s.revoked_at IS NULL
    RETURNING s.id, s.user_id""";

  /** A spent token shown again means someone kept a copy: its session is burnt. */
  static final String SPENT_REFRESH_TOKEN = """
    SELECT session_id FROM auth.refresh_tokens WHERE hash = $1 AND used_at IS NOT NULL""";

  static final String TOUCH_SESSION = """
    UPDATE auth.sessions SET last_seen_at = now() WHERE id = $1""";

  static final String LIST_SESSIONS = """
    SELECT id, ip, user_agent, created_at, last_seen_at FROM auth.sessions
    WHERE user_id = $1 AND revoked_at IS NULL ORDER BY last_seen_at DESC""";

  static final String REVOKE_OWN_SESSION = """
    UPDATE auth.sessions SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL
    RETURNING id, user_id""";

  static final String REVOKE_SESSION = """
    UPDATE auth.sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id, user_id""";

  static final String REVOKE_USER_SESSIONS = """
    UPDATE auth.sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id, user_id""";

  static final String REVOKED_SINCE = """
    SELECT id, user_id FROM auth.sessions WHERE revoked_at > $1""";

  static final String INSERT_SIGNING_KEY = """
    INSERT INTO auth.signing_keys (id, secret) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING""";

  static final String SIGNING_KEY = """
    SELECT secret FROM auth.signing_keys WHERE id = $1""";
}
