package org.tidings.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.VertxConnection;
import org.tidings.content.UploadChunk;

/**
 * Sits in an HTTP/1.x connection's pipeline just before Vert.x's own handler and, once the
 * upload route has accepted a request ({@link #takeBody}), passes the rest of that request's
 * body on in {@link UploadChunk}s, which Vert.x hands to the request's reader without copying
 * them to the heap. Everything else passes untouched, so the body of a request that is
 * refused before it is read (a bad token, a declared length over the limit) stays in memory
 * Vert.x copies, collects and frees as it always has. HTTP/2 uploads keep Vert.x's copy.
 */
final class UploadBodyParts extends ChannelInboundHandlerAdapter {

  static final String NAME = "tidings-upload-body";

  /** The headers of the request whose body comes in now: Vert.x's request shows the same object. */
  private Object reading;
  private boolean taking;

  /** Adds the handler to an HTTP/1.x connection's pipeline; other pipelines are left as they are. */
  static void addTo(ChannelPipeline pipeline) {
    if (pipeline.get("httpDecoder") != null && pipeline.get("handler") != null && pipeline.get(NAME) == null) {
      pipeline.addBefore("handler", NAME, new UploadBodyParts());
    }
  }

  /**
   * The rest of {@code request}'s body comes in upload chunks, for a reader that releases them
   * ({@code HashingFile}). Call on the request's event loop, once the request is accepted and
   * before its body is read. Does nothing for a request that is not over HTTP/1.x, nor when the
   * connection already reads the next request (a client sending several at once): that
   * request's body is not this reader's.
   */
  static void takeBody(HttpServerRequest request) {
    if (request.connection() instanceof VertxConnection http1
      && http1.channel().pipeline().get(NAME) instanceof UploadBodyParts parts) {
      parts.take(request.headers());
    }
  }

  /** Takes the body of the request with {@code headers} if it is the one coming in now. */
  void take(Object headers) {
    taking = headers == reading;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      reading = request.headers();
      taking = false;
    } else if (taking && msg instanceof HttpContent part && part.decoderResult().isSuccess()) {
      msg = inChunk(part);
    }
    ctx.fireChannelRead(msg);
  }

  private static HttpContent inChunk(HttpContent part) {
    var bytes = UploadChunk.of(part.content());
    if (bytes == part.content()) {
      return part;
    }
    return part instanceof LastHttpContent last
      ? new DefaultLastHttpContent(bytes, last.trailingHeaders())
      : new DefaultHttpContent(bytes);
  }
}
