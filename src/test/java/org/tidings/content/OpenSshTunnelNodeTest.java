package org.tidings.content;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.Ports;
import org.tidings.testing.Response;
import org.tidings.testing.SftpNode;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.tidings.content.ContentFixtures.download;
import static org.tidings.content.ContentFixtures.randomBytes;
import static org.tidings.content.ContentFixtures.sha256;
import static org.tidings.testing.Eventually.eventually;

/**
 * A real OpenSSH storage node (Debian's sshd and ssh): its sshd serves SFTP on loopback and
 * {@code scripts/node-tunnel} opens the reverse tunnel to the server's node gateway, exactly as
 * on a node without a fixed address. Skipped where OpenSSH is not installed.
 */
class OpenSshTunnelNodeTest {

  private static final Path SSHD = Path.of("/usr/sbin/sshd");
  private static final Path DIR = Path.of("target", "test-openssh", UUID.randomUUID().toString()).toAbsolutePath();
  private static final KeyPair SERVER_KEY = SftpNode.generateKey();
  private static final KeyPair NODE_KEY = SftpNode.generateKey();
  private static final KeyPair NODE_HOST_KEY = SftpNode.generateKey();
  private static final int GATEWAY_PORT = Ports.free();
  private static final int SSHD_PORT = Ports.free();
  private static final List<Process> STARTED = new ArrayList<>();

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer(new JsonObject().put("content", new JsonObject()
    .put("nodeConnectTimeoutMillis", 5000)
    .put("nodes", new JsonArray().add(new JsonObject().put("name", "openssh").put("mode", "tunnel")
      .put("user", System.getProperty("user.name")).put("key", write("server_key", SERVER_KEY).toString())
      .put("knownHosts", text("known_hosts", "openssh " + publicKey(NODE_HOST_KEY)).toString())
      .put("root", DIR.resolve("blobs").toString())))
    .put("gateway", new JsonObject().put("enabled", true).put("host", "127.0.0.1").put("port", GATEWAY_PORT)
      .put("hostKey", DIR.resolve("gateway_host_key").toString())
      .put("authorizedKeys", text("node_keys", publicKey(NODE_KEY) + " openssh").toString()))));

  @AfterAll
  static void stopProcesses() {
    STARTED.forEach(process -> {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
    });
  }

  @Test
  void aRealOpenSshNodeServesBlobsThroughTheNodeTunnelScript() throws Exception {
    assumeTrue(Files.isExecutable(SSHD) && Files.isExecutable(Path.of("/usr/bin/ssh")), "OpenSSH is not installed");
    startSshd();
    KeyPair gatewayKey = new SimpleGeneratorHostKeyProvider(DIR.resolve("gateway_host_key")).loadKeys(null).iterator().next();
    Path gatewayKnown = text("gateway_known_hosts", "[127.0.0.1]:" + GATEWAY_PORT + " " + publicKey(gatewayKey));
    ProcessBuilder tunnel = new ProcessBuilder("scripts/node-tunnel", "127.0.0.1", Integer.toString(GATEWAY_PORT),
      Integer.toString(SSHD_PORT)).redirectErrorStream(true).redirectOutput(DIR.resolve("tunnel.log").toFile());
    tunnel.environment().put("NODE_KEY", write("node_key", NODE_KEY).toString());
    tunnel.environment().put("GATEWAY_KNOWN", gatewayKnown.toString());
    STARTED.add(tunnel.start());

    TestUser ada = tidings.newUser("Ada");
    Buffer bytes = randomBytes(500_000, 71);
    String hash = sha256(bytes);
    String id = ContentFixtures.coldFile(tidings, ada, bytes,
      DIR.resolve("blobs").resolve(hash.substring(0, 2)).resolve(hash), "openssh");
    eventually("the file comes from the OpenSSH node", () -> download(tidings.api(), ada, id).status() == 200);
    Response got = download(tidings.api(), ada, id);
    assertThat(got.body()).isEqualTo(bytes);
  }

  private static void startSshd() throws IOException {
    Files.createDirectories(Path.of("/run/sshd"));
    Path hostKey = write("node_host_key", NODE_HOST_KEY);
    Path authorized = text("authorized_keys", publicKey(SERVER_KEY));
    Path config = text("sshd_config", String.join("\n",
      "Port " + SSHD_PORT,
      "ListenAddress 127.0.0.1",
      "HostKey " + hostKey,
      "PidFile " + DIR.resolve("sshd.pid"),
      "AuthorizedKeysFile " + authorized,
      "StrictModes no",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "UsePAM no",
      "PermitRootLogin prohibit-password",
      "AllowTcpForwarding no",
      "Subsystem sftp internal-sftp"));
    STARTED.add(new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString()).redirectErrorStream(true)
      .redirectOutput(DIR.resolve("sshd.log").toFile()).start());
  }

  private static Path write(String name, KeyPair key) {
    try {
      Files.createDirectories(DIR);
      Path file = DIR.resolve(name);
      try (OutputStream out = Files.newOutputStream(file)) {
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, name, null, out);
      }
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return file;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path text(String name, String content) {
    try {
      Files.createDirectories(DIR);
      return Files.writeString(DIR.resolve(name), content + "\n", StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String publicKey(KeyPair key) {
    return PublicKeyEntry.toString(key.getPublic());
  }
}
