package org.tidings.gateway;

/** One byte range of a {@code Range: bytes=...} header, resolved against the file size. */
record ByteRange(long first, long last) {

  /** A range header that asks only for bytes past the end. */
  static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

  long length() {
    return last - first + 1;
  }

  /**
   * Null when there is no usable single range (no header, another unit, several ranges,
   * malformed): the whole file is then sent, as RFC 9110 allows.
   */
  static ByteRange parse(String header, long size) {
    if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
      return null;
    }
    String spec = header.substring("bytes=".length()).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    String from = spec.substring(0, dash).trim();
    String to = spec.substring(dash + 1).trim();
    if (!from.matches("\\d{0,18}") || !to.matches("\\d{0,18}") || from.isEmpty() && to.isEmpty()) {
      return null;
    }
    if (from.isEmpty()) {
      long suffix = Long.parseLong(to);
      if (suffix == 0 || size == 0) {
        return UNSATISFIABLE;
      }
      return new ByteRange(Math.max(0, size - suffix), size - 1);
    }
    long first = Long.parseLong(from);
    long last = to.isEmpty() ? size - 1 : Math.min(Long.parseLong(to), size - 1);
    if (!to.isEmpty() && Long.parseLong(to) < first) {
      return null;
    }
    return first >= size ? UNSATISFIABLE : new ByteRange(first, last);
  }
}
