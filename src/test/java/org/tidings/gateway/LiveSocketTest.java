package org.tidings.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LiveSocketTest {

  private final Vertx vertx = Vertx.vertx();

  /** The socket's far end, as far as holding frames goes: nothing is written to it here. */
  private final Peer unused = new Peer() {
    @Override
    public void write(Buffer frame) {
    }

    @Override
    public void close() {
    }
  };

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  void framesHeldBehindAnUndecidedOneAreBoundedByTheirSizeAndGiveTheirRoomBack() {
    LiveSocket socket = new LiveSocket(unused, vertx.getOrCreateContext(), 0, 10_000);
    int size = 100 * 1024;
    int fit = LiveSocket.MAX_HELD_BYTES / size;
    for (int i = 0; i < fit; i++) {
      assertThat(socket.hold(new JsonObject().put("n", i), size)).isTrue();
    }
    assertThat(socket.hold(new JsonObject().put("n", fit), size)).as("one more would pass the bound").isFalse();
    assertThat(socket.nextHeld().getInteger("n")).as("kept in the order sent").isZero();
    assertThat(socket.hold(new JsonObject().put("n", fit), size)).as("room given back by a frame taken").isTrue();
    for (int i = 1; i <= fit; i++) {
      assertThat(socket.nextHeld().getInteger("n")).isEqualTo(i);
    }
    assertThat(socket.nextHeld()).isNull();
  }
}
