package org.tidings.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import org.tidings.content.UploadChunk;

/**
 * Sits in an HTTP/1.x connection's pipeline just before Vert.x's own handler and passes the
 * body of a file upload ({@code POST /api/v1/files}) on in {@link UploadChunk}s, which Vert.x
 * hands to the request's reader without copying them to the heap. Everything else passes
 * untouched. HTTP/2 uploads keep Vert.x's copy.
 */
final class UploadBodyParts extends ChannelInboundHandlerAdapter {

  static final String NAME = "tidings-upload-body";
  private static final String UPLOAD_PATH = ApiRouter.API + "/files";

  private boolean upload;

  /** Adds the handler to an HTTP/1.x connection's pipeline; other pipelines are left as they are. */
  static void addTo(ChannelPipeline pipeline) {
    if (pipeline.get("httpDecoder") != null && pipeline.get("handler") != null && pipeline.get(NAME) == null) {
      pipeline.addBefore("handler", NAME, new UploadBodyParts());
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      upload = isUpload(request);
    } else if (upload && msg instanceof HttpContent part && part.decoderResult().isSuccess()) {
      msg = inChunk(part);
    }
    ctx.fireChannelRead(msg);
  }

  private static boolean isUpload(HttpRequest request) {
    String uri = request.uri();
    return HttpMethod.POST.equals(request.method()) && uri.startsWith(UPLOAD_PATH)
      && (uri.length() == UPLOAD_PATH.length() || uri.charAt(UPLOAD_PATH.length()) == '?');
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
