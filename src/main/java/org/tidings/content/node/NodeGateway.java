package org.tidings.content.node;

import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.forward.PortForwardingEventListener;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.StaticDecisionForwardingFilter;
import org.apache.sshd.server.forward.TcpForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tidings.content.ContentSettings;
import org.tidings.content.ContentSettings.NodeSettings;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The embedded SSH endpoint that storage nodes without a fixed address dial into with
 * {@code ssh -N -R 0:localhost:22 node@server -p <port>}. It admits only the public keys in
 * its authorized-keys file, and the key says which node is calling (the entry's comment is
 * the node's name; the login name does not matter). A node may only ask for remote port
 * forwarding: there is no shell, no exec, no subsystem, no local forwarding, no agent or X11.
 * When the node's forward is up, {@link Nodes} learns the port to speak SFTP to; when the
 * session ends, the node is unavailable until it dials in again. Start and stop block.
 */
public final class NodeGateway {

  private static final Logger LOG = LoggerFactory.getLogger(NodeGateway.class);
  private static final AttributeRepository.AttributeKey<String> NODE = new AttributeRepository.AttributeKey<>();

  private static final ChannelFactory NO_CHANNELS = new ChannelFactory() {
    @Override
    public String getName() {
      return "none@tidings";
    }

    @Override
    public Channel createChannel(Session session) throws IOException {
      throw new IOException("nodes may not open channels");
    }
  };

  private final ContentSettings.GatewaySettings settings;
  private final Nodes nodes;
  private final Set<String> tunnelNodes;
  private final Map<Session, InetSocketAddress> forwards = new ConcurrentHashMap<>();
  private SshServer server;

  public NodeGateway(ContentSettings settings, Nodes nodes) {
    this.settings = settings.gateway();
    this.nodes = nodes;
    this.tunnelNodes = settings.nodes().stream().filter(NodeSettings::tunnel).map(NodeSettings::name)
      .collect(Collectors.toUnmodifiableSet());
  }

  public void start() throws IOException {
    server = SshServer.setUpDefaultServer();
    server.setCipherFactories(Ciphers.GATEWAY);
    // SFTP through a tunnel is small requests one way and a stream of answers the other: no
    // Nagle delays on the node's connection or on the tunnel's local end (as in Nodes).
    CoreModuleProperties.TCP_NODELAY.set(server, true);
    server.setHost(settings.host());
    server.setPort(settings.port());
    Path hostKey = settings.hostKey();
    if (hostKey.getParent() != null) {
      Files.createDirectories(hostKey.getParent());
    }
    server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(hostKey));
    server.setPasswordAuthenticator(null);
    server.setKeyboardInteractiveAuthenticator(null);
    server.setGSSAuthenticator(null);
    server.setHostBasedAuthenticator(null);
    server.setPublickeyAuthenticator(this::authenticate);
    // No channel a node may open: no session (shell, exec, subsystem), no direct-tcpip. The
    // forwarded-tcpip channels of its -R are opened by this side. (MINA wants one factory.)
    server.setChannelFactories(List.of(NO_CHANNELS));
    server.setForwardingFilter(new OnlyRemoteForwarding());
    server.addPortForwardingEventListener(new TunnelEvents());
    server.addSessionListener(new SessionListener() {
      @Override
      public void sessionClosed(Session session) {
        closed(session);
      }
    });
    server.start();
    LOG.info("Node gateway listening on {}:{}", settings.host(), server.getPort());
  }

  public void stop() throws IOException {
    if (server != null) {
      server.stop(true);
    }
  }

  /** The key must be listed; its entry's comment names a configured tunnel node. */
  private boolean authenticate(String user, PublicKey key, ServerSession session) {
    try {
      for (AuthorizedKeyEntry entry : AuthorizedKeyEntry.readAuthorizedKeys(settings.authorizedKeys())) {
        PublicKey listed = entry.resolvePublicKey(session, PublicKeyEntryResolver.IGNORING);
        String node = entry.getComment() == null ? "" : entry.getComment().trim();
        if (listed != null && KeyUtils.compareKeys(listed, key) && tunnelNodes.contains(node)) {
          session.setAttribute(NODE, node);
          LOG.debug("Node {} offered its key from {}", node, session.getClientAddress());
          return true;
        }
      }
    } catch (IOException | GeneralSecurityException e) {
      LOG.warn("Cannot read the node keys {}", settings.authorizedKeys(), e);
      return false;
    }
    LOG.warn("Refused an unknown key {} from {}", KeyUtils.getFingerPrint(key), session.getClientAddress());
    return false;
  }

  private void closed(Session session) {
    InetSocketAddress forward = forwards.remove(session);
    String node = session.getAttribute(NODE);
    if (forward != null && node != null) {
      nodes.tunnelClosed(node, forward);
      LOG.info("Node {} disconnected", node);
    }
  }

  /** Remote forwarding (the node's {@code -R}) for signed-in nodes; everything else refused. */
  private final class OnlyRemoteForwarding extends StaticDecisionForwardingFilter {

    OnlyRemoteForwarding() {
      super(false);
    }

    @Override
    public boolean canListen(SshdSocketAddress address, Session session) {
      return session.getAttribute(NODE) != null && !forwards.containsKey(session);
    }

    @Override
    public boolean canConnect(TcpForwardingFilter.Type type, SshdSocketAddress address, Session session) {
      return false;
    }
  }

  private final class TunnelEvents implements PortForwardingEventListener {

    @Override
    public void establishedExplicitTunnel(Session session, SshdSocketAddress local, SshdSocketAddress remote,
                                          boolean localForwarding, SshdSocketAddress bound, Throwable reason) {
      String node = session.getAttribute(NODE);
      if (node == null || reason != null || bound == null) {
        return;
      }
      InetSocketAddress at = new InetSocketAddress("127.0.0.1", bound.getPort());
      forwards.put(session, at);
      nodes.tunnelOpened(node, at);
      LOG.info("Node {} is reachable through its tunnel at {}", node, at);
    }

    @Override
    public void tornDownExplicitTunnel(Session session, SshdSocketAddress address, boolean localForwarding,
                                       SshdSocketAddress remote, Throwable reason) {
      closed(session);
    }
  }
}
