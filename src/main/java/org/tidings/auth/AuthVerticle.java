package org.tidings.auth;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.tidings.bus.Endpoints;
import org.tidings.db.DatabaseUrl;
import org.tidings.db.Pools;

/**
 * Binds the {@code auth.*} addresses to {@link Accounts} and {@link Sessions}. Deployed once per
 * core; the instances share one set of throttles, which the cluster's instances keep alike, so
 * a limit holds across the whole deployment.
 */
public final class AuthVerticle extends VerticleBase {

  private static final long SWEEP_MILLIS = 60_000;

  private final ClusterThrottle loginThrottle;
  private final ClusterThrottle mailThrottle;
  private Pool pool;
  private Mailer mailer;

  private AuthVerticle(ClusterThrottle loginThrottle, ClusterThrottle mailThrottle) {
    this.loginThrottle = loginThrottle;
    this.mailThrottle = mailThrottle;
  }

  public static Future<String> deploy(Vertx vertx, JsonObject config, int instances) {
    AuthSettings settings = AuthSettings.from(config.getJsonObject("auth"), config.getString("publicUrl"));
    Future<ClusterThrottle> login = ClusterThrottle.start(vertx, "auth.throttle.login",
      new Throttle(settings.loginLimit(), System::currentTimeMillis));
    Future<ClusterThrottle> mail = ClusterThrottle.start(vertx, "auth.throttle.mail",
      new Throttle(settings.forgotLimit(), System::currentTimeMillis));
    return Future.all(login, mail).compose(started -> {
      ClusterThrottle loginThrottle = login.result();
      ClusterThrottle mailThrottle = mail.result();
      long sweeper = vertx.setPeriodic(SWEEP_MILLIS, id -> {
        loginThrottle.sweep();
        mailThrottle.sweep();
      });
      return vertx.deployVerticle(() -> new AuthVerticle(loginThrottle, mailThrottle),
          new DeploymentOptions().setInstances(instances).setConfig(config))
        .onFailure(e -> {
          vertx.cancelTimer(sweeper);
          loginThrottle.stop();
          mailThrottle.stop();
        });
    });
  }

  @Override
  public Future<?> start() {
    JsonObject config = config();
    AuthSettings settings = AuthSettings.from(config.getJsonObject("auth"), config.getString("publicUrl"));
    pool = Pools.create(vertx, new DatabaseUrl(config.getString("dbUrl")), config.getInteger("poolSize"), "auth");
    mailer = Mailer.create(vertx, config.getJsonObject("mail"));
    Passwords passwords = new Passwords(vertx, settings.argon2());
    return Tokens.load(vertx, pool, settings).onSuccess(tokens -> {
      Sessions sessions = new Sessions(vertx, pool, passwords, tokens, settings, loginThrottle);
      Accounts accounts = new Accounts(pool, passwords, mailer, sessions, settings, mailThrottle);
      Endpoints bus = new Endpoints(vertx);
      bus.bind("auth.register", accounts::register);
      bus.bind("auth.verify", accounts::verify);
      bus.bind("auth.verify.resend", accounts::resendVerification);
      bus.bind("auth.password.forgot", accounts::forgotPassword);
      bus.bind("auth.password.reset", accounts::resetPassword);
      bus.bind("auth.me", accounts::me);
      bus.bind("auth.me.update", accounts::updateMe);
      bus.bind("auth.users.find", accounts::findByEmail);
      bus.bind("auth.users.names", accounts::displayNames);
      bus.bind("auth.login", sessions::login);
      bus.bind("auth.refresh", sessions::refresh);
      bus.bind("auth.logout", sessions::logout);
      bus.bind("auth.sessions.list", sessions::list);
      bus.bind("auth.sessions.revoke", sessions::revokeOne);
      bus.bind("auth.revocations", sessions::recentlyRevoked);
      bus.bind("auth.health", call -> pool.query("SELECT 1").execute().map(rows -> new JsonObject()));
      // The signing secret never leaves this instance: each instance runs its own auth service.
      vertx.eventBus().<JsonObject>localConsumer("auth.signing-key", message -> message.reply(new JsonObject()
        .put("secret", tokens.secret())
        .put("accessTokenTtl", tokens.ttlSeconds())));
    });
  }

  @Override
  public Future<?> stop() {
    return Future.join(pool.close(), mailer.close());
  }
}
