package org.tidings.auth;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.Api;
import org.tidings.testing.Response;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input on every auth call gets a clear 4xx and stores nothing. */
class AuthBadInputTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer();

  private final Api api = tidings.api();

  static Stream<Arguments> publicCalls() {
    return Stream.of(
      Arguments.of("/auth/register", new JsonObject().put("email", "a@example.org").put("password", "long enough pass")),
      Arguments.of("/auth/verify", new JsonObject().put("token", "t")),
      Arguments.of("/auth/login", new JsonObject().put("email", "a@example.org").put("password", "long enough pass")),
      Arguments.of("/auth/refresh", new JsonObject().put("refreshToken", "t")),
      Arguments.of("/auth/password/forgot", new JsonObject().put("email", "a@example.org")),
      Arguments.of("/auth/verify/resend", new JsonObject().put("email", "b@example.org")),
      Arguments.of("/auth/password/reset", new JsonObject().put("token", "t").put("password", "long enough pass")));
  }

  @ParameterizedTest
  @MethodSource("publicCalls")
  void malformedJsonIsABadRequest(String path, JsonObject valid) {
    for (String body : new String[] {"{", "[1,2]", "\"text\"", "null,", "{\"email\": }"}) {
      Response response = api.send(HttpMethod.POST, path, null, body);
      assertThat(response.status()).as(path + " " + body).isEqualTo(400);
      assertThat(response.error()).isEqualTo("bad_request");
    }
  }

  @ParameterizedTest
  @MethodSource("publicCalls")
  void everyMissingFieldIsNamed(String path, JsonObject valid) {
    for (String field : valid.fieldNames()) {
      JsonObject body = valid.copy();
      body.remove(field);
      Response response = api.post(path, body);
      assertThat(response.status()).as(path + " without " + field).isEqualTo(400);
      assertThat(response.error()).isEqualTo("bad_request");
      assertThat(response.json().getString("message")).contains(field);
    }
  }

  @ParameterizedTest
  @MethodSource("publicCalls")
  void everyWronglyTypedFieldIsNamed(String path, JsonObject valid) {
    for (String field : valid.fieldNames()) {
      for (Object wrong : new Object[] {42, true, new JsonObject(), new io.vertx.core.json.JsonArray()}) {
        JsonObject body = valid.copy().put(field, wrong);
        Response response = api.post(path, body);
        assertThat(response.status()).as(path + " with " + field + "=" + wrong).isEqualTo(400);
        assertThat(response.json().getString("message")).contains(field);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("publicCalls")
  void aOneMegabyteBodyIsTooLarge(String path, JsonObject valid) {
    JsonObject huge = valid.copy().put("padding", "x".repeat(1 << 20));
    Response response = api.send(HttpMethod.POST, path, null, Buffer.buffer(huge.encode()));
    assertThat(response.status()).isEqualTo(413);
    assertThat(response.error()).isEqualTo("too_large");
  }

  @Test
  void sqlLookingInputIsJustText() throws SQLException {
    String email = "x');DROP_TABLE_auth.users;--@example.org";
    Response response = api.post("/auth/register", new JsonObject().put("email", email).put("password", "long enough pass"));
    assertThat(response.status()).isEqualTo(201);
    Response login = api.post("/auth/login", new JsonObject().put("email", "' OR '1'='1").put("password", "' OR '1'='1'--"));
    assertThat(login.error()).isEqualTo("invalid_credentials");
    assertThat(count("SELECT count(*) FROM auth.users WHERE email = '" + email.replace("'", "''") + "'")).isEqualTo(1);
  }

  @Test
  void refusedRegistrationsStoreNothing() throws SQLException {
    long before = count("SELECT count(*) FROM auth.users");
    api.post("/auth/register", new JsonObject().put("email", "").put("password", "long enough pass"));
    api.post("/auth/register", new JsonObject().put("email", "ok@example.org").put("password", ""));
    api.post("/auth/register", new JsonObject().put("email", "ok@example.org").put("password", "long enough pass").put("displayName", 7));
    api.post("/auth/register", new JsonObject().put("email", "ok@example.org").put("password", "x".repeat(2000)));
    assertThat(count("SELECT count(*) FROM auth.users")).isEqualTo(before);
  }

  @Test
  void wrongTypesInProfileChangesAreNamedAndChangeNothing() {
    TestUser user = tidings.newUser("Typed");
    Response name = api.patch("/me", user.token(), new JsonObject().put("displayName", 12));
    assertThat(name.status()).isEqualTo(400);
    assertThat(name.json().getString("message")).contains("displayName");
    Response settings = api.patch("/me", user.token(), new JsonObject().put("settings", "dark"));
    assertThat(settings.json().getString("message")).contains("settings");
    Response empty = api.patch("/me", user.token(), new JsonObject().put("displayName", "   "));
    assertThat(empty.status()).isEqualTo(400);
    assertThat(api.get("/me", user.token()).json().getString("displayName")).isEqualTo("Typed");
  }

  @Test
  void textWithTheNulCharacterIsABadRequestAndChangesNothing() {
    TestUser user = tidings.newUser("Plain");
    Response login = api.post("/auth/login", new JsonObject().put("email", "a\0@example.org").put("password", "long enough pass"));
    assertThat(login.status()).isEqualTo(400);
    assertThat(login.json().getString("message")).contains("email", "NUL");
    assertThat(api.post("/auth/password/forgot", new JsonObject().put("email", "a\0@example.org")).error())
      .isEqualTo("bad_request");
    assertThat(api.get("/users?email=a%00b", user.token()).error()).isEqualTo("bad_request");
    JsonObject before = api.get("/me", user.token()).json();
    assertThat(api.patch("/me", user.token(), new JsonObject().put("settings", new JsonObject().put("theme", "a\0"))).error())
      .isEqualTo("bad_request");
    assertThat(api.patch("/me", user.token(), new JsonObject().put("settings",
      new JsonObject().put("nested", new JsonArray().add(new JsonObject().put("k\0", 1))))).error()).isEqualTo("bad_request");
    assertThat(api.get("/me", user.token()).json()).isEqualTo(before);
  }

  @Test
  void unknownRoutesAndMethodsAnswerWithErrorDocuments() {
    TestUser user = tidings.newUser("Lost");
    assertThat(api.get("/nowhere", user.token()).error()).isEqualTo("not_found");
    assertThat(api.get("//nowhere", null).error()).isEqualTo("not_found");
  }

  private long count(String sql) throws SQLException {
    var url = tidings.database();
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
         ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
