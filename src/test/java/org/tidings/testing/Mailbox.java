package org.tidings.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real SMTP server (GreenMail) that the server under test mails to. */
public final class Mailbox implements AutoCloseable {

  private static final Pattern LINK = Pattern.compile("#/(verify|reset)\\?token=([A-Za-z0-9_%-]+)");

  private final GreenMail greenMail;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  public Mailbox() {
    greenMail = new GreenMail(new ServerSetup(Ports.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    greenMail.start();
  }

  public int port() {
    return greenMail.getSmtp().getPort();
  }

  /** Waits for the next mail to {@code to} whose link is of {@code kind} and answers its token. */
  public String token(String to, String kind) {
    long deadline = System.currentTimeMillis() + 15_000;
    while (System.currentTimeMillis() < deadline) {
      for (MimeMessage message : messagesTo(to)) {
        Matcher m = LINK.matcher(GreenMailUtil.getBody(message));
        if (m.find() && m.group(1).equals(kind) && seen.add(m.group(2))) {
          return m.group(2);
        }
      }
      greenMail.waitForIncomingEmail(200, greenMail.getReceivedMessages().length + 1);
    }
    throw new AssertionError("no " + kind + " mail reached " + to);
  }

  public List<MimeMessage> messagesTo(String to) {
    return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
      try {
        return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(to));
      } catch (MessagingException e) {
        return false;
      }
    }).toList();
  }

  @Override
  public void close() {
    greenMail.stop();
  }
}
