package org.tidings.chat;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tidings.testing.Api;

import static org.assertj.core.api.Assertions.assertThat;

/** One chat instance per server takes the sends, so that they share one group commit. */
class SendingInstanceTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Api.await(vertx.close());
  }

  @Test
  void onlyTheFirstInstanceToStartTakesTheSends() {
    SendingInstance first = new SendingInstance(vertx);
    SendingInstance second = new SendingInstance(vertx);

    assertThat(first.elected()).isTrue();
    assertThat(second.elected()).isFalse();
  }

  @Test
  void anInstanceStartedAfterTheSendingOneStoppedTakesTheSends() {
    SendingInstance first = new SendingInstance(vertx);
    SendingInstance second = new SendingInstance(vertx);
    second.release();
    first.release();

    assertThat(new SendingInstance(vertx).elected()).isTrue();
  }

  @Test
  void eachServerHasItsOwnSendingInstance() {
    Vertx other = Vertx.vertx();
    try {
      assertThat(new SendingInstance(vertx).elected()).isTrue();
      assertThat(new SendingInstance(other).elected()).isTrue();
    } finally {
      Api.await(other.close());
    }
  }
}
