package org.tidings.content;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.nio.channels.FileChannel;

/**
 * One client reading a blob's temporary file while a node's bytes are still being written to
 * it. Each part already written goes to the client through a {@link Sender}, a few parts on
 * their way at once, parts taken in file order; when the tail has caught up with the writer it
 * waits to be told of more. The client's pace holds the tail back while the node transfer goes
 * on at the node's pace. Everything runs on {@code context}.
 */
final class FileTail {

  /** What the tail asks the writer: how far the file is written, and to be told when it grows. */
  interface Source {
    long available();

    /** Runs {@code then}, on any thread, once more than {@code position} bytes are there or the transfer ended. */
    void whenBeyond(long position, Runnable then);

    /** Why the transfer ended short, once it did; null while it goes on or when it is complete. */
    Throwable failure(long position);
  }

  /** How bytes of the file reach the client. Called on the tail's context only. */
  interface Sender {
    /** How many parts may be on their way at once. */
    int parts();

    /** The largest part. */
    long largest();

    /** Starts sending {@code [at, at + length)}; the next part may be started once {@link Part#taken} completes. */
    Part send(FileChannel file, long at, long length);

    /** The tail has ended: what the sender holds goes once the parts on their way are done. */
    void close();
  }

  /** A part on its way: taken from the file (the next may start), then taken by the client's connection. */
  record Part(Future<Void> taken, Future<Void> sent) {
  }

  private final Context context;
  private final FileChannel file;
  private final Sender sender;
  private final Source source;
  private final long end;
  private final Promise<Void> result = Promise.promise();
  private long position;
  private boolean taking;
  private boolean waiting;
  private int sending;

  FileTail(Context context, FileChannel file, Sender sender, Source source, long offset, long length) {
    this.context = context;
    this.file = file;
    this.sender = sender;
    this.source = source;
    this.position = offset;
    this.end = offset + length;
  }

  /** Sends the range; completes once every byte was taken by the client's connection, fails if the transfer broke. */
  Future<Void> run() {
    pump();
    return result.future().onComplete(done -> sender.close());
  }

  private void pump() {
    if (result.future().isComplete()) {
      return;
    }
    if (position >= end) {
      if (sending == 0) {
        result.complete();
      }
      return;
    }
    if (taking || waiting || sending >= sender.parts()) {
      return;
    }
    long ready = Math.min(source.available(), end);
    if (ready <= position) {
      Throwable broken = source.failure(position);
      if (broken != null) {
        result.tryFail(broken);
        return;
      }
      waiting = true;
      source.whenBeyond(position, () -> context.runOnContext(v -> {
        waiting = false;
        pump();
      }));
      return;
    }
    long n = Math.min(sender.largest(), ready - position);
    Part part = sender.send(file, position, n);
    position += n;
    taking = true;
    sending++;
    part.taken().onComplete(taken -> {
      taking = false;
      if (taken.failed()) {
        result.tryFail(taken.cause());
      }
      pump();
    });
    part.sent().onComplete(sent -> {
      sending--;
      if (sent.failed()) {
        result.tryFail(sent.cause());
      }
      pump();
    });
  }
}
