package org.tidings.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tidings.testing.Api;
import org.tidings.testing.Response;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import static org.assertj.core.api.Assertions.assertThat;

/** A URL that is not valid percent-encoding is a 400 in the API's error shape, wherever it is sent. */
class MalformedUrlsTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer();

  @ParameterizedTest
  @ValueSource(strings = {
    "POST /api/v1/files?name=bad%ZZ",
    "GET /api/v1/rooms?x=%ZZ",
    "GET /api/v1/rooms/00000000-0000-0000-0000-000000000000/messages?after=%ZZ",
    "GET /api/v1/rooms/%ZZ/messages",
    "GET /api/v1/files/%ZZ",
    "GET /api/v1/files/x%"})
  void aUrlThatDoesNotDecodeIsABadRequest(String call) {
    TestUser ada = tidings.newUser("Ada");
    String[] parts = call.split(" ");

    Response response = raw(HttpMethod.valueOf(parts[0]), parts[1], ada);

    assertThat(response.status()).as(call).isEqualTo(400);
    assertThat(response.error()).as(call).isEqualTo("bad_request");
  }

  /** Sent as written: Vert.x's web client would decode (and refuse) the query itself. */
  private static Response raw(HttpMethod method, String uri, TestUser user) {
    HttpClient client = tidings.clientVertx().createHttpClient();
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(tidings.api().port())
      .setURI(uri).putHeader("Authorization", "Bearer " + user.token());
    return Api.await(client.request(options)
      .compose(request -> method == HttpMethod.POST ? request.send(Buffer.buffer("bytes")) : request.send())
      .compose(response -> response.body().map(body -> new Response(response.statusCode(), response.headers(), body)))
      .eventually(client::close));
  }
}
