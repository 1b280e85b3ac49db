package org.tidings.content;

import java.nio.file.Path;

/** Where a download's bytes come from. */
public sealed interface BlobSource {

  /** The bytes are in the disk cache: send them from there. */
  record Cached(Path path) implements BlobSource {
  }

  /** The bytes are coming in from a storage node; read them as they arrive. */
  record Fetching(Fetch fetch) implements BlobSource {
  }
}
