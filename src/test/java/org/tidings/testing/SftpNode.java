package org.tidings.testing;

import io.vertx.core.json.JsonObject;
import org.apache.sshd.common.PropertyResolverUtils;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A storage node for tests: a real MINA SSHD SFTP server on loopback serving a folder,
 * admitting only the server's client key. Reads can be throttled to a rate, and it counts
 * how often each file was opened.
 *
 * <p>Registered as an extension ({@code @RegisterExtension @Order(0)}, so before the server that
 * uses it), it stops after its test class and, should the class run again (surefire reruns a
 * failed test that way), listens again on the same port as a new node: empty, nothing counted.
 */
public final class SftpNode implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

  private volatile Path home;
  private final KeyPair hostKey;
  private final KeyPair clientKey;
  private final Map<String, Integer> opens = new ConcurrentHashMap<>();
  private final Set<String> flushed = ConcurrentHashMap.newKeySet();
  private final long bytesPerSecond;
  /** Hashes whose files may not be opened for writing until released, and the opens waiting. */
  private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
  private final Set<String> waiting = ConcurrentHashMap.newKeySet();
  private volatile SshServer server;
  private int port;

  private SftpNode(KeyPair clientKey, long bytesPerSecond) {
    this.home = newHome();
    this.hostKey = generateKey();
    this.clientKey = clientKey;
    this.bytesPerSecond = bytesPerSecond;
  }

  /** Starts a node that logs {@code clientKey} in; {@code bytesPerSecond} 0 means unthrottled. */
  public static SftpNode start(KeyPair clientKey, long bytesPerSecond) {
    SftpNode node = new SftpNode(clientKey, bytesPerSecond);
    node.listen(0);
    return node;
  }

  private static Path newHome() {
    return Path.of("target", "test-nodes", UUID.randomUUID().toString()).toAbsolutePath();
  }

  public static KeyPair generateKey() {
    try {
      return KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private void listen(int onPort) {
    try {
      Files.createDirectories(home);
      server = SshServer.setUpDefaultServer();
      server.setHost("127.0.0.1");
      server.setPort(onPort);
      server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
      server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, clientKey.getPublic()));
      server.setSubsystemFactories(List.of(new SftpSubsystemFactory.Builder().withFileSystemAccessor(accessor()).build()));
      // Like OpenSSH's sftp-server, a file is flushed to disk only when the client asks.
      PropertyResolverUtils.updateProperty(server, SftpFileSystemAccessor.PROP_AUTO_SYNC_FILE_ON_CLOSE, false);
      server.setFileSystemFactory(new VirtualFileSystemFactory(home));
      server.start();
      port = server.getPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  public KeyPair hostKey() {
    return hostKey;
  }

  public Path home() {
    return home;
  }

  /** Where the content store keeps a blob on this node (root {@code tidings}). */
  public Path blob(String hash) {
    return home.resolve("tidings").resolve(hash.substring(0, 2)).resolve(hash);
  }

  /** Whether the client asked for a file of blob {@code hash} (its copy in progress too) to be flushed to disk. */
  public boolean flushed(String hash) {
    return flushed.stream().anyMatch(name -> name.startsWith(hash));
  }

  public int opens(String hash) {
    return opens.getOrDefault(hash, 0);
  }

  /** Until {@link #releaseWrites}, a file of blob {@code hash} opened for writing waits before its first byte. */
  public void holdWrites(String hash) {
    held.put(hash, new CountDownLatch(1));
  }

  /** Whether a copy of blob {@code hash} is waiting to be written. */
  public boolean writeWaiting(String hash) {
    return waiting.contains(hash);
  }

  public void releaseWrites(String hash) {
    CountDownLatch latch = held.remove(hash);
    if (latch != null) {
      latch.countDown();
    }
  }

  /** Stops at once, cutting every session and transfer. */
  public void kill() {
    if (server == null) {
      return;
    }
    try {
      server.stop(true);
      server = null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    kill();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (server == null) {
      home = newHome();
      opens.clear();
      flushed.clear();
      listen(port);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** The {@code content.nodes[]} entry for this node; writes the key and known_hosts files it names. */
  public JsonObject directSettings(String name, KeyPair trustedHostKey) {
    return settings(name, "[127.0.0.1]:" + port, trustedHostKey).put("mode", "direct").put("host", "127.0.0.1")
      .put("port", port);
  }

  /** The entry for this node reached through the node gateway: known_hosts lists it under its name. */
  public JsonObject tunnelSettings(String name) {
    return settings(name, name, hostKey).put("mode", "tunnel");
  }

  private JsonObject settings(String name, String knownAs, KeyPair trustedHostKey) {
    Path dir = home.resolveSibling(home.getFileName() + "-conf-" + name);
    try {
      Files.createDirectories(dir);
      Path key = dir.resolve("id_node");
      try (OutputStream out = Files.newOutputStream(key)) {
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "tidings", null, out);
      }
      Path knownHosts = dir.resolve("known_hosts");
      Files.writeString(knownHosts, knownAs + " " + PublicKeyEntry.toString(trustedHostKey.getPublic()) + "\n",
        StandardCharsets.US_ASCII);
      return new JsonObject().put("name", name)
        .put("user", "tidings").put("key", key.toString()).put("knownHosts", knownHosts.toString())
        .put("root", "tidings").put("capacity", 1L << 40);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private SftpFileSystemAccessor accessor() {
    return new SftpFileSystemAccessor() {
      @Override
      public SeekableByteChannel openFile(SftpSubsystemProxy subsystem, FileHandle handle, Path file, String id,
                                          Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
        opens.merge(file.getFileName().toString(), 1, Integer::sum);
        if (options.contains(StandardOpenOption.WRITE)) {
          awaitRelease(file.getFileName().toString());
        }
        SeekableByteChannel channel = SftpFileSystemAccessor.super.openFile(subsystem, handle, file, id, options, attrs);
        return bytesPerSecond == 0 ? channel : new Throttled(channel, bytesPerSecond);
      }

      @Override
      public void syncFileData(SftpSubsystemProxy subsystem, FileHandle handle, Path file, String id,
                               Channel channel) throws IOException {
        SftpFileSystemAccessor.super.syncFileData(subsystem, handle, file, id, channel);
        flushed.add(file.getFileName().toString());
      }
    };
  }

  private void awaitRelease(String fileName) throws IOException {
    for (Map.Entry<String, CountDownLatch> hold : held.entrySet()) {
      if (fileName.startsWith(hold.getKey())) {
        waiting.add(hold.getKey());
        try {
          if (!hold.getValue().await(30, TimeUnit.SECONDS)) {
            throw new IOException("writes of " + hold.getKey() + " held for too long");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        } finally {
          waiting.remove(hold.getKey());
        }
      }
    }
  }

  /** Reads at most 8 KiB at a time and waits so that the rate stays near {@code bytesPerSecond}. */
  private record Throttled(SeekableByteChannel channel, long bytesPerSecond) implements SeekableByteChannel {

    @Override
    public int read(ByteBuffer dst) throws IOException {
      ByteBuffer slice = dst.slice(dst.position(), Math.min(dst.remaining(), 8192));
      int n = channel.read(slice);
      if (n > 0) {
        dst.position(dst.position() + n);
        LockSupport.parkNanos(n * 1_000_000_000L / bytesPerSecond);
      }
      return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return channel.write(src);
    }

    @Override
    public long position() throws IOException {
      return channel.position();
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
      channel.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return channel.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) throws IOException {
      channel.truncate(size);
      return this;
    }

    @Override
    public boolean isOpen() {
      return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
