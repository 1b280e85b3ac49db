package org.tidings.content;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.RequiredServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.forward.StaticDecisionForwardingFilter;
import org.apache.sshd.server.forward.TcpForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.Ports;
import org.tidings.testing.Response;
import org.tidings.testing.SftpNode;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tidings.content.ContentFixtures.download;
import static org.tidings.content.ContentFixtures.randomBytes;
import static org.tidings.content.ContentFixtures.sha256;
import static org.tidings.testing.Eventually.eventually;

/**
 * Tunnel mode: a node dials the embedded gateway with its key and a remote forward (here a
 * MINA client, as {@code ssh -N -R} would), and the server speaks SFTP to the node through it.
 */
class TunnelNodeTest {

  private static final KeyPair SERVER_KEY = SftpNode.generateKey();
  private static final KeyPair NODE_KEY = SftpNode.generateKey();
  @RegisterExtension
  @Order(0)
  static final SftpNode NODE = SftpNode.start(SERVER_KEY, 0);
  private static final Path CONF = Path.of("target", "test-gateway", UUID.randomUUID().toString()).toAbsolutePath();
  private static final int GATEWAY_PORT = Ports.free();

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer(new JsonObject().put("content", new JsonObject()
    .put("nodeConnectTimeoutMillis", 3000)
    .put("nodes", new JsonArray().add(NODE.tunnelSettings("burrow")))
    .put("gateway", new JsonObject().put("enabled", true).put("host", "127.0.0.1").put("port", GATEWAY_PORT)
      .put("hostKey", CONF.resolve("gateway_host_key").toString())
      .put("authorizedKeys", authorizedKeys().toString()))));

  private static SshClient agent;

  @BeforeAll
  static void startAgent() {
    agent = SshClient.setUpDefaultClient();
    // As OpenSSH's -R: the node connects forwarded channels to its own SSH port only.
    agent.setForwardingFilter(new StaticDecisionForwardingFilter(false) {
      @Override
      public boolean canConnect(TcpForwardingFilter.Type type, SshdSocketAddress address, Session session) {
        return address.getPort() == NODE.port();
      }
    });
    agent.start();
  }

  @AfterAll
  static void stopAgent() throws IOException {
    agent.stop();
  }

  @Test
  void aTunnelNodeServesItsBlobsThroughTheReverseTunnelAndIsUnavailableWhenItLeaves() throws Exception {
    TestUser ada = tidings.newUser("Ada");
    Buffer bytes = randomBytes(300_000, 61);
    String id = ContentFixtures.coldFile(tidings, ada, bytes, NODE, "burrow");
    assertThat(download(tidings.api(), ada, id).status()).isEqualTo(503);

    try (ClientSession node = signIn(NODE_KEY)) {
      SshdSocketAddress bound = node.startRemotePortForwarding(new SshdSocketAddress("localhost", 0),
        new SshdSocketAddress("127.0.0.1", NODE.port()));
      assertThat(bound.getPort()).isPositive();
      eventually("the file comes through the tunnel", () -> download(tidings.api(), ada, id).status() == 200);
      assertThat(download(tidings.api(), ada, id).body()).isEqualTo(bytes);
      assertThat(NODE.opens(sha256(bytes))).isEqualTo(1);
    }

    Buffer other = randomBytes(1000, 62);
    String otherId = ContentFixtures.coldFile(tidings, ada, other, NODE, "burrow");
    eventually("the node is unavailable once it left", () -> download(tidings.api(), ada, otherId).status() == 503);
  }

  @Test
  void anUnknownKeyIsRefused() {
    assertThatThrownBy(() -> signIn(SftpNode.generateKey()).close()).isInstanceOf(IOException.class);
  }

  @Test
  void aNodeMayNotOpenAShellRunCommandsOrForwardLocally() throws Exception {
    try (ClientSession node = signIn(NODE_KEY)) {
      assertThatThrownBy(() -> node.createShellChannel().open().verify(Duration.ofSeconds(5)))
        .isInstanceOf(Exception.class);
      assertThatThrownBy(() -> node.createExecChannel("id").open().verify(Duration.ofSeconds(5)))
        .isInstanceOf(Exception.class);
      assertThatThrownBy(() -> node.createDirectTcpipChannel(new SshdSocketAddress("127.0.0.1", 0),
          new SshdSocketAddress("127.0.0.1", tidings.api().port())).open().verify(Duration.ofSeconds(5)))
        .isInstanceOf(Exception.class);
    }
  }

  private static ClientSession signIn(KeyPair key) throws IOException {
    KeyPair gatewayKey = new SimpleGeneratorHostKeyProvider(CONF.resolve("gateway_host_key")).loadKeys(null).iterator().next();
    ClientSession session = agent.connect("node", "127.0.0.1", GATEWAY_PORT).verify(Duration.ofSeconds(5)).getSession();
    session.setServerKeyVerifier(new RequiredServerKeyVerifier(gatewayKey.getPublic()));
    session.addPublicKeyIdentity(key);
    try {
      session.auth().verify(Duration.ofSeconds(5));
    } catch (IOException e) {
      session.close(true);
      throw e;
    }
    return session;
  }

  private static Path authorizedKeys() {
    try {
      Files.createDirectories(CONF);
      Path file = CONF.resolve("node_keys");
      Files.writeString(file, PublicKeyEntry.toString(NODE_KEY.getPublic()) + " burrow\n", StandardCharsets.US_ASCII);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
