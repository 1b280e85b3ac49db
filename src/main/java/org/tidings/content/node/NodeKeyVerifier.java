package org.tidings.content.node;

import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.List;

/**
 * Accepts a node's SSH host key only if its known_hosts file lists that exact key for the
 * node: under its host (or {@code [host]:port}) for a direct node, under its name for a
 * tunnel node, whose address is a port the server just allocated. Anything else is refused;
 * the file is read on each connection, so editing it needs no restart.
 */
final class NodeKeyVerifier implements ServerKeyVerifier {

  private static final Logger LOG = LoggerFactory.getLogger(NodeKeyVerifier.class);

  private final Path knownHosts;
  private final String host;
  private final int port;

  NodeKeyVerifier(Path knownHosts, String host, int port) {
    this.knownHosts = knownHosts;
    this.host = host;
    this.port = port;
  }

  @Override
  public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
    try {
      List<KnownHostEntry> entries = KnownHostEntry.readKnownHostEntries(knownHosts);
      for (KnownHostEntry entry : entries) {
        if (entry.isHostMatch(host, port)
          && KeyUtils.compareKeys(entry.getKeyEntry().resolvePublicKey(session, PublicKeyEntryResolver.IGNORING), key)) {
          return true;
        }
      }
      LOG.warn("Refused host key {} of node {} at {}: not in {}", KeyUtils.getFingerPrint(key), host, remote, knownHosts);
      return false;
    } catch (IOException | GeneralSecurityException e) {
      LOG.warn("Refused node {}: cannot read {}", host, knownHosts, e);
      return false;
    }
  }
}
