package org.tidings.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real file system of a few MiB (tmpfs) mounted for one test class, to fill up: a disk that
 * runs out while the server's own accounting still sees room. Mounting takes root, which the CI
 * machines have; elsewhere the class is skipped. Register it before the server that uses it
 * ({@code @RegisterExtension @Order(0)}), so that it is unmounted after the server stopped.
 */
public final class SmallFileSystem implements BeforeAllCallback, AfterAllCallback {

  private final Path mountPoint;
  private final int mebibytes;
  private boolean mounted;

  public SmallFileSystem(String name, int mebibytes) {
    this.mountPoint = Path.of("target", name).toAbsolutePath();
    this.mebibytes = mebibytes;
  }

  public Path path() {
    return mountPoint;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Files.createDirectories(mountPoint);
    mounted = run("mount", "-t", "tmpfs", "-o", "size=" + mebibytes + "m", "tidings-test", mountPoint.toString());
    assumeTrue(mounted, "cannot mount a tmpfs here (needs root)");
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (mounted) {
      run("umount", "--lazy", mountPoint.toString());
      mounted = false;
    }
  }

  private static boolean run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
  }
}
