package org.tidings.content.node;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.CloseableHandle;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHFsyncExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHStatExtensionInfo;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHStatPathExtension;
import org.apache.sshd.sftp.client.impl.AbstractSftpClient;
import org.apache.sshd.sftp.client.impl.SftpInputStreamAsync;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tidings.content.ContentSettings.NodeSettings;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One storage node, spoken to over SFTP. Its methods block: call them on a worker or
 * virtual thread only. One session is kept open and shared (SFTP multiplexes requests);
 * after a failure it is closed and the next call opens a new one. Blobs live under
 * {@code <root>/<first two hex digits>/<hash>}; a copy is written under a temporary name
 * and renamed when complete, so a broken transfer never looks like a blob.
 */
public final class NodeClient {

  private static final Logger LOG = LoggerFactory.getLogger(NodeClient.class);

  /** SFTP write size; OpenSSH's sftp-server drops messages over 256 KiB. */
  private static final int CHUNK = 64 * 1024;
  /** The largest read OpenSSH's sftp-server answers in full (256 KiB less its message overhead). */
  private static final int MAX_READ = 256 * 1024 - 1024;

  private final NodeSettings settings;
  private final SshClient ssh;
  private final Supplier<Optional<InetSocketAddress>> address;
  private final Duration connectTimeout;
  private ClientSession session;
  private SftpClient sftp;

  NodeClient(NodeSettings settings, SshClient ssh, Supplier<Optional<InetSocketAddress>> address,
             Duration connectTimeout) {
    this.settings = settings;
    this.ssh = ssh;
    this.address = address;
    this.connectTimeout = connectTimeout;
  }

  public String name() {
    return settings.name();
  }

  public long capacity() {
    return settings.capacity();
  }

  /** Whether the node can be dialled at all now (a tunnel node must be connected). */
  public boolean reachable() {
    return address.get().isPresent();
  }

  /**
   * Writes the blob into {@code sink} as it arrives, each read's bytes in one call (blocking);
   * answers how many bytes there were.
   */
  public long copy(String hash, WritableByteChannel sink) throws IOException {
    return call(sftp -> transfer(sftp, path(hash), sink));
  }

  /** Copies a local file to the node under its hash, then reads it back to check the hash. */
  public void put(String hash, Path local) throws IOException {
    String target = path(hash);
    String partial = target + ".part";
    call(sftp -> {
      mkdirs(sftp, target.substring(0, target.lastIndexOf('/')));
      try (OutputStream out = sftp.write(partial, CHUNK)) {
        Files.copy(local, out);
      }
      flushToDisk(sftp, partial);
      MessageDigest digest = Hashing.sha256();
      transfer(sftp, partial, Hashing.into(digest));
      if (!Hashing.hex(digest).equals(hash)) {
        sftp.remove(partial);
        throw new IOException("copy of " + hash + " on node " + name() + " does not match its hash");
      }
      if (exists(sftp, target)) {
        sftp.remove(target);
      }
      sftp.rename(partial, target);
      return null;
    });
  }

  /**
   * Asks the node to flush a copy to its disk ({@code fsync@openssh.com}, which OpenSSH's
   * sftp-server has answered since 6.5): eviction drops the cache's copy once the node holds
   * one, so the node's must survive a crash of the node. A node whose server lacks the
   * extension keeps its copy in its page cache until its kernel writes it; that is logged.
   */
  private void flushToDisk(SftpClient sftp, String path) throws IOException {
    OpenSSHFsyncExtension fsync = sftp.getExtension(OpenSSHFsyncExtension.class);
    if (!fsync.isSupported()) {
      LOG.warn("Node {} cannot be asked to flush copies to disk (no fsync@openssh.com)", name());
      return;
    }
    try (CloseableHandle file = sftp.open(path, OpenMode.Write)) {
      fsync.fsync(file);
    }
  }

  public void delete(String hash) throws IOException {
    call(sftp -> {
      try {
        sftp.remove(path(hash));
      } catch (SftpException e) {
        if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
          throw e;
        }
      }
      return null;
    });
  }

  /** Free bytes under the node's root, or -1 when its server does not tell. */
  public long free() throws IOException {
    return call(sftp -> {
      mkdirs(sftp, settings.root());
      OpenSSHStatPathExtension statvfs = sftp.getExtension(OpenSSHStatPathExtension.class);
      if (statvfs == null || !statvfs.isSupported()) {
        return -1L;
      }
      OpenSSHStatExtensionInfo info = statvfs.stat(settings.root());
      return info.f_bavail * info.f_frsize;
    });
  }

  /** Drops the session (a stalled transfer fails at once); the next call opens a new one. */
  public synchronized void reset() {
    if (session != null) {
      session.close(true);
    }
    session = null;
    sftp = null;
  }

  private interface SftpCall<T> {
    T run(SftpClient sftp) throws IOException;
  }

  private <T> T call(SftpCall<T> work) throws IOException {
    SftpClient client = connected();
    try {
      return work.run(client);
    } catch (SftpException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      synchronized (this) {
        if (sftp == client) {
          reset();
        }
      }
      throw e;
    }
  }

  private synchronized SftpClient connected() throws IOException {
    if (sftp != null && sftp.isOpen() && session != null && session.isOpen()) {
      return sftp;
    }
    reset();
    InetSocketAddress target = address.get()
      .orElseThrow(() -> new IOException("node " + name() + " is not connected"));
    ClientSession opened = ssh.connect(settings.user(), target.getHostString(), target.getPort())
      .verify(connectTimeout).getSession();
    try {
      opened.setServerKeyVerifier(new NodeKeyVerifier(settings.knownHosts(),
        settings.tunnel() ? settings.name() : settings.host(), settings.tunnel() ? 22 : settings.port()));
      opened.addPublicKeyIdentity(keyPair());
      opened.auth().verify(connectTimeout);
      sftp = SftpClientFactory.instance().createSftpClient(opened);
      session = opened;
      return sftp;
    } catch (IOException | RuntimeException e) {
      opened.close(true);
      throw e;
    }
  }

  private KeyPair keyPair() throws IOException {
    try (InputStream in = Files.newInputStream(settings.key())) {
      Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, () -> settings.key().toString(), in,
        FilePasswordProvider.EMPTY);
      if (pairs == null || !pairs.iterator().hasNext()) {
        throw new IOException("no key in " + settings.key());
      }
      return pairs.iterator().next();
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot load " + settings.key(), e);
    }
  }

  private String path(String hash) {
    if (!hash.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a SHA-256 hex digest");
    }
    return settings.root() + "/" + hash.substring(0, 2) + "/" + hash;
  }

  /**
   * Reads a remote file into {@code sink} with as many reads in flight as the channel window
   * holds, each of the largest size the node answers in full. The first read asks for
   * OpenSSH's limit and its answer tells that size: a server with a lower one (MINA's answers
   * 63 KiB) would otherwise answer every read short, and MINA's reader fetches each missing
   * part with a synchronous read. The bytes go on from MINA's receive buffers, not copied first.
   */
  private static long transfer(SftpClient sftp, String path, WritableByteChannel sink) throws IOException {
    long size = sftp.stat(path).getSize();
    try (CloseableHandle handle = sftp.open(path, OpenMode.Read)) {
      byte[] first = new byte[MAX_READ];
      int read = Math.max(0, sftp.read(handle, 0, first, 0, MAX_READ));
      ByteBuffer start = ByteBuffer.wrap(first, 0, read);
      while (start.hasRemaining()) {
        sink.write(start);
      }
      int readSize = read > 0 && read < MAX_READ && read < size ? read : MAX_READ;
      try (SftpInputStreamAsync rest = new SftpInputStreamAsync((AbstractSftpClient) sftp, readSize, read, size, path,
        handle)) {
        return read + rest.transferTo(Long.MAX_VALUE, sink);
      }
    }
  }

  private static boolean exists(SftpClient sftp, String path) throws IOException {
    try {
      sftp.stat(path);
      return true;
    } catch (SftpException e) {
      if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
        return false;
      }
      throw e;
    }
  }

  private static void mkdirs(SftpClient sftp, String dir) throws IOException {
    StringBuilder path = new StringBuilder();
    for (String part : dir.split("/")) {
      if (part.isEmpty()) {
        path.append('/');
        continue;
      }
      path.append(part);
      if (!exists(sftp, path.toString())) {
        sftp.mkdir(path.toString());
      }
      path.append('/');
    }
  }
}
