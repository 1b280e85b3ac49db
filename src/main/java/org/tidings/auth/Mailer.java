package org.tidings.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the account mails. With no SMTP host configured the server is in development mode
 * and the mail, link included, is written to the log instead; with SMTP configured the log
 * never sees a token.
 */
public final class Mailer {

  private static final Logger LOG = LoggerFactory.getLogger(Mailer.class);

  private final MailClient client;
  private final String from;

  private Mailer(MailClient client, String from) {
    this.client = client;
    this.from = from;
  }

  public static Mailer create(Vertx vertx, JsonObject mail) {
    String from = mail.getString("from", "Tidings <tidings@localhost>");
    String host = mail.getString("host", "");
    if (host.isBlank()) {
      LOG.debug("No SMTP host configured: mails are written to this log (development mode)");
      return new Mailer(null, from);
    }
    MailConfig config = new MailConfig()
      .setHostname(host)
      .setPort(mail.getInteger("port", 587))
      .setStarttls(StartTLSOptions.valueOf(mail.getString("starttls", "OPTIONAL")))
      .setSsl(mail.getBoolean("ssl", false))
      .setKeepAlive(true);
    String user = mail.getString("username", "");
    if (!user.isBlank()) {
      config.setUsername(user).setPassword(mail.getString("password", ""));
    }
    return new Mailer(MailClient.createShared(vertx, config, "tidings-mail"), from);
  }

  public Future<Void> send(String to, String subject, String text) {
    if (client == null) {
      LOG.info("Mail to {}: {}\n{}", to, subject, text);
      return Future.succeededFuture();
    }
    MailMessage message = new MailMessage().setFrom(from).setTo(to).setSubject(subject).setText(text);
    return client.sendMail(message)
      .onFailure(e -> LOG.warn("Mail '{}' could not be sent: {}", subject, e.getMessage()))
      .mapEmpty();
  }

  /**
   * Every auth instance holds the one shared client; the connection it keeps alive may already
   * have been shut by another instance's close, and failing to say goodbye on it must not fail
   * the undeployment.
   */
  public Future<Void> close() {
    if (client == null) {
      return Future.succeededFuture();
    }
    return client.close().recover(e -> {
      LOG.debug("Mail client closed with {}", e.toString());
      return Future.succeededFuture();
    });
  }
}
