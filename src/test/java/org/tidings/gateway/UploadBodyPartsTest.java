package org.tidings.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.net.impl.VertxHandler;
import org.junit.jupiter.api.Test;
import org.tidings.content.UploadChunk;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** An upload's body passes to Vert.x in the buffers it was read into; other bodies pass as they came. */
class UploadBodyPartsTest {

  private final EmbeddedChannel channel = new EmbeddedChannel(new UploadBodyParts());

  @Test
  void anUploadsBodyReachesVertxUncopiedAndGivesItsMemoryBackWhenReleased() {
    request(HttpMethod.POST, "/api/v1/files?name=a.bin");
    ByteBuf pooled = pooled("first part");
    channel.writeInbound(new DefaultHttpContent(pooled));

    HttpContent passed = channel.readInbound();

    assertThat(passed.content()).isInstanceOf(UploadChunk.class);
    // Vert.x copies a request body's parts to the heap unless they look unpooled.
    assertThat(VertxHandler.safeBuffer(passed.content())).isSameAs(passed.content());
    assertThat(passed.content().toString(StandardCharsets.UTF_8)).isEqualTo("first part");
    assertThat(pooled.refCnt()).isEqualTo(1);
    passed.release();
    assertThat(pooled.refCnt()).isZero();
  }

  @Test
  void theLastPartOfAnUploadStaysTheLastPart() {
    request(HttpMethod.POST, "/api/v1/files");
    ByteBuf pooled = pooled("last part");
    channel.writeInbound(new DefaultLastHttpContent(pooled));

    HttpContent passed = channel.readInbound();

    assertThat(passed).isInstanceOf(LastHttpContent.class);
    assertThat(passed.content()).isInstanceOf(UploadChunk.class);
    passed.release();
    assertThat(pooled.refCnt()).isZero();
  }

  @Test
  void bodiesOfOtherRequestsPassAsTheyCame() {
    for (String uri : new String[] {"/api/v1/rooms", "/api/v1/filesystem", "/api/v1/files/abc/readers/def"}) {
      request(HttpMethod.POST, uri);
      assertPassesAsItCame();
    }
    request(HttpMethod.PUT, "/api/v1/files");
    assertPassesAsItCame();
  }

  @Test
  void aPartTheDecoderCouldNotReadPassesAsItCameForVertxToAnswer() {
    request(HttpMethod.POST, "/api/v1/files");
    HttpContent broken = new DefaultHttpContent(pooled("?"));
    broken.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("bad chunk size")));
    channel.writeInbound(broken);

    assertThat((Object) channel.readInbound()).isSameAs(broken);
    broken.release();
  }

  private void request(HttpMethod method, String uri) {
    channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri));
    assertThat((Object) channel.readInbound()).isInstanceOf(DefaultHttpRequest.class);
  }

  private void assertPassesAsItCame() {
    HttpContent part = new DefaultHttpContent(pooled("{}"));
    channel.writeInbound(part);
    assertThat((Object) channel.readInbound()).isSameAs(part);
    part.release();
  }

  private static ByteBuf pooled(String text) {
    ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer();
    buffer.writeCharSequence(text, StandardCharsets.UTF_8);
    return buffer;
  }
}
