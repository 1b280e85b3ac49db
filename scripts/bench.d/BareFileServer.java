import io.netty.channel.epoll.EpollSocketChannel;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.VertxConnection;

import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Vert.x alone answering every request with one file, on one event loop per core, for
 * scripts/bench content-ceiling: what this machine gives a Vert.x server with nothing of
 * Tidings in it (no routing, tokens, records, access lines or metrics).
 *   java -cp target/tidings.jar BareFileServer.java FILE PORT path|open|corked
 * path: sendFile(name), which opens the file per request; open: the file kept open, as
 * Tidings' cache does; corked: that, plus TCP_CORK around each answer, as Tidings does.
 */
public class BareFileServer {

  public static void main(String[] args) throws Exception {
    String name = args[0];
    int port = Integer.parseInt(args[1]);
    String mode = args[2];
    FileChannel file = FileChannel.open(Path.of(name));
    long size = file.size();
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    int cores = Runtime.getRuntime().availableProcessors();
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        return vertx.createHttpServer().requestHandler(request -> {
          HttpServerResponse response = request.response();
          switch (mode) {
            case "path" -> response.sendFile(name);
            case "open" -> response.sendFile(file, 0, size);
            default -> {
              EpollSocketChannel socket = (EpollSocketChannel) ((VertxConnection) request.connection()).channel();
              socket.config().setTcpCork(true);
              response.sendFile(file, 0, size).onComplete(sent -> socket.config().setTcpCork(false));
            }
          }
        }).listen(port, "127.0.0.1");
      }
    }, new DeploymentOptions().setInstances(cores))
      .onSuccess(id -> System.out.println("listening, " + mode + ", native transport " + vertx.isNativeTransportEnabled()))
      .onFailure(failure -> {
        failure.printStackTrace();
        System.exit(1);
      });
  }
}
