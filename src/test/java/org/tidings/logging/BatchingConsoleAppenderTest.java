package org.tidings.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tidings.testing.Eventually.eventually;

/** Log lines queued by callers and written in batches by one thread. */
class BatchingConsoleAppenderTest {

  private final LoggerContext context = new LoggerContext();
  private final Writes console = new Writes();

  BatchingConsoleAppenderTest() {
    context.setMDCAdapter(new LogbackMDCAdapter());
  }

  @AfterEach
  void stop() {
    context.stop();
  }

  @Test
  void linesLoggedTogetherAreWrittenInOrderInOneWrite() {
    Logger log = logger(appender(1000, 200));

    for (int i = 0; i < 100; i++) {
      log.info("line {}", i);
    }

    eventually(() -> !console.writes().isEmpty());
    List<String> writes = console.writes();
    assertThat(writes).hasSize(1);
    assertThat(writes.getFirst().lines().toList())
      .containsExactlyElementsOf(IntStream.range(0, 100).mapToObj(i -> "INFO line " + i).toList());
  }

  @Test
  void aLineLoggedAfterABatchIsWrittenInTheNextOne() {
    Logger log = logger(appender(1000, 1));

    log.info("first");
    eventually(() -> console.writes().size() == 1);
    log.info("second");

    eventually(() -> console.writes().size() == 2);
    assertThat(console.writes()).containsExactly("INFO first\n", "INFO second\n");
  }

  @Test
  void pastTheQueueSizeLinesAreDroppedAndStoppingWritesWhatIsQueued() {
    Logger log = logger(appender(10, 60_000));

    for (int i = 0; i < 15; i++) {
      log.info("line {}", i);
    }
    context.stop();

    assertThat(String.join("", console.writes()).lines().toList()).hasSize(10).startsWith("INFO line 0").endsWith("INFO line 9");
  }

  private BatchingConsoleAppender appender(int queueSize, long lingerMillis) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%level %msg%n");
    encoder.start();
    BatchingConsoleAppender appender = new BatchingConsoleAppender(() -> console);
    appender.setContext(context);
    appender.setName("test");
    appender.setEncoder(encoder);
    appender.setQueueSize(queueSize);
    appender.setLingerMillis(lingerMillis);
    appender.start();
    return appender;
  }

  private Logger logger(BatchingConsoleAppender appender) {
    Logger log = context.getLogger("test");
    log.setAdditive(false);
    log.addAppender(appender);
    return log;
  }


  /** A console that keeps what each flush wrote as one write. */
  private static final class Writes extends OutputStream {

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final List<String> writes = new ArrayList<>();

    @Override
    public synchronized void write(int b) {
      pending.write(b);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
      pending.write(bytes, offset, length);
    }

    @Override
    public synchronized void flush() {
      writes.add(pending.toString(StandardCharsets.UTF_8));
      pending.reset();
    }

    synchronized List<String> writes() {
      return List.copyOf(writes);
    }
  }
}
