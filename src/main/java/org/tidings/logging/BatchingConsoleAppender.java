package org.tidings.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The console appender of {@code conf/logback.xml}: a caller queues its event and returns;
 * one thread writes what queued within {@code lingerMillis} of the first event with a single
 * write. Logback's {@code AsyncAppender} wakes its thread for every event and its console
 * appender writes every line on its own, which at one access line per request cost the event
 * loops a thread wake-up per request and the writer a system call per line (together about a
 * fifth of the server's CPU time serving 64 KiB files). As with {@code AsyncAppender} and
 * {@code neverBlock}, a full queue drops the event rather than stall an event loop; stopping
 * writes what is queued.
 */
public final class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

  private final Supplier<OutputStream> console;
  private final Queue<ILoggingEvent> queue = new ConcurrentLinkedQueue<>();
  /** Events taken in and not yet written; counted before they are queued, so never below the queue's length. */
  private final AtomicInteger queued = new AtomicInteger();
  private Encoder<ILoggingEvent> encoder;
  private int queueSize = 8192;
  private long lingerMillis = 50;
  private volatile boolean stopping;
  private Thread writer;

  public BatchingConsoleAppender() {
    this(() -> System.out);
  }

  BatchingConsoleAppender(Supplier<OutputStream> console) {
    this.console = console;
  }

  public void setEncoder(Encoder<ILoggingEvent> encoder) {
    this.encoder = encoder;
  }

  /** At most this many events wait; more are dropped. */
  public void setQueueSize(int queueSize) {
    this.queueSize = queueSize;
  }

  /** How long after the first waiting event the batch is written. */
  public void setLingerMillis(long lingerMillis) {
    this.lingerMillis = lingerMillis;
  }

  @Override
  public void start() {
    if (encoder == null) {
      addError("No encoder for appender " + name);
      return;
    }
    stopping = false;
    writer = new Thread(this::writeBatches, "log-writer-" + name);
    writer.setDaemon(true);
    writer.start();
    super.start();
  }

  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    super.stop();
    stopping = true;
    LockSupport.unpark(writer);
    try {
      writer.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  protected void append(ILoggingEvent event) {
    // the message and thread name are taken now, as the writer thread formats the line later
    event.prepareForDeferredProcessing();
    int waiting = queued.incrementAndGet();
    if (waiting > queueSize) {
      queued.decrementAndGet();
      return;
    }
    queue.offer(event);
    if (waiting == 1) {
      LockSupport.unpark(writer);
    }
  }

  private void writeBatches() {
    ByteArrayOutputStream batch = new ByteArrayOutputStream(64 * 1024);
    while (true) {
      while (queued.get() == 0) {
        if (stopping) {
          return;
        }
        LockSupport.park(this);
      }
      linger();
      int taken = 0;
      for (ILoggingEvent event = queue.poll(); event != null; event = queue.poll()) {
        batch.writeBytes(encoder.encode(event));
        taken++;
      }
      write(batch);
      queued.addAndGet(-taken);
    }
  }

  /** Waits out the linger time; a wake-up left over from an earlier batch does not cut it short. */
  private void linger() {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lingerMillis);
    for (long left = until - System.nanoTime(); left > 0 && !stopping; left = until - System.nanoTime()) {
      LockSupport.parkNanos(this, left);
    }
  }

  private void write(ByteArrayOutputStream batch) {
    if (batch.size() == 0) {
      return;
    }
    try {
      OutputStream out = console.get();
      batch.writeTo(out);
      out.flush();
    } catch (IOException e) {
      addError("Could not write log lines", e);
    }
    batch.reset();
  }
}
