package org.tidings.auth;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tidings.testing.Api;
import org.tidings.testing.Response;
import org.tidings.testing.TestUser;
import org.tidings.testing.TidingsServer;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Each Auth row of API.md and its error codes, as a client sees them. */
class AuthApiTest {

  @RegisterExtension
  static TidingsServer tidings = new TidingsServer();

  private final Api api = tidings.api();

  @Test
  void registeringAnEmailTwiceIsRefusedWhateverItsCase() {
    TestUser user = tidings.newUser("Twice");
    Response again = api.post("/auth/register",
      new JsonObject().put("email", user.email().toUpperCase()).put("password", "another password"));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.error()).isEqualTo("email_taken");
  }

  @Test
  void fiftyConcurrentRegistrationsOfOneEmailCreateOneAccount() {
    JsonObject body = new JsonObject().put("email", "race@example.org").put("password", "racing password");
    List<Future<Response>> attempts = IntStream.range(0, 50)
      .mapToObj(i -> api.async(HttpMethod.POST, "/auth/register", null, body))
      .toList();
    List<Integer> statuses = Api.await(Future.all(attempts)).<Response>list().stream().map(Response::status).toList();
    assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
    assertThat(statuses).filteredOn(s -> s == 409).hasSize(49);
  }

  @Test
  void passwordsUnderTenCharactersAreWeak() {
    Response response = api.post("/auth/register", new JsonObject().put("email", "weak@example.org").put("password", "123456789"));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.error()).isEqualTo("weak_password");
  }

  @Test
  void malformedEmailsAreInvalid() {
    for (String email : List.of("", "plain", "a@b", "two@@example.org", "spa ce@example.org", "x".repeat(250) + "@e.org")) {
      Response response = api.post("/auth/register", new JsonObject().put("email", email).put("password", "long enough pass"));
      assertThat(response.error()).as(email).isEqualTo("invalid_email");
      assertThat(response.status()).isEqualTo(400);
    }
  }

  @Test
  void unicodeEmailsAndNamesAreKeptAsGiven() {
    Response registered = api.post("/auth/register", new JsonObject().put("email", "zoë@bücher.example")
      .put("password", "long enough pass").put("displayName", "Zoë 👩‍🚀"));
    assertThat(registered.status()).isEqualTo(201);
    Response login = api.post("/auth/login", new JsonObject().put("email", "ZOË@BÜCHER.example").put("password", "long enough pass"));
    assertThat(login.error()).as("found case-insensitively, waiting for its verification").isEqualTo("email_not_verified");

    TestUser user = tidings.newUser("Unicode");
    JsonObject changed = api.patch("/me", user.token(), new JsonObject().put("displayName", "Zoë 👩‍🚀 Ünïcødé")).json();
    assertThat(changed.getString("displayName")).isEqualTo("Zoë 👩‍🚀 Ünïcødé");
  }

  @Test
  void unknownEmailAndWrongPasswordGetTheSameAnswer() {
    TestUser user = tidings.newUser("Probe");
    Response wrongPassword = api.post("/auth/login", new JsonObject().put("email", user.email()).put("password", "not it at all"));
    Response unknown = api.post("/auth/login", new JsonObject().put("email", "nobody@example.org").put("password", "not it at all"));
    assertThat(wrongPassword.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrongPassword.body()).isEqualTo(unknown.body());
  }

  @Test
  void loginIsRateLimitedAfterFiveFailuresForOneEmail() {
    TestUser user = tidings.newUser("Limited");
    for (int i = 0; i < 5; i++) {
      assertThat(api.post("/auth/login", new JsonObject().put("email", user.email()).put("password", "wrong " + i)).status())
        .isEqualTo(401);
    }
    Response limited = api.post("/auth/login", new JsonObject().put("email", user.email()).put("password", user.password()));
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.error()).isEqualTo("rate_limited");
    assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
  }

  @Test
  void forgottenPasswordAnswersTheSameForUnknownAddressesAndMailsNothing() {
    Response response = api.post("/auth/password/forgot", new JsonObject().put("email", "ghost@example.org"));
    assertThat(response.status()).isEqualTo(202);
    assertThat(tidings.mailbox().messagesTo("ghost@example.org")).isEmpty();
  }

  @Test
  void resetAndVerifyTokensAreSingleUseAndUnknownOnesAreInvalid() {
    assertThat(api.post("/auth/verify", new JsonObject().put("token", "made-up")).error()).isEqualTo("invalid_token");
    Response reset = api.post("/auth/password/reset", new JsonObject().put("token", "made-up").put("password", "long enough pass"));
    assertThat(reset.status()).isEqualTo(400);
    assertThat(reset.error()).isEqualTo("invalid_token");
  }

  @Test
  void logoutEndsTheCurrentSessionOnly() {
    TestUser user = tidings.newUser("Leaver");
    JsonObject other = api.post("/auth/login", new JsonObject().put("email", user.email()).put("password", user.password())).json();
    assertThat(api.post("/auth/logout", user.token(), null).status()).isEqualTo(204);
    assertThat(api.get("/me", user.token()).status()).isEqualTo(401);
    assertThat(api.post("/auth/refresh", new JsonObject().put("refreshToken", user.refreshToken())).status()).isEqualTo(401);
    assertThat(api.get("/me", other.getString("accessToken")).status()).isEqualTo(200);
  }

  @Test
  void anotherUsersSessionCannotBeRevoked() {
    TestUser alice = tidings.newUser("Alice");
    TestUser mallory = tidings.newUser("Mallory");
    Response response = api.delete("/auth/sessions/" + alice.sessionId(), mallory.token());
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.error()).isEqualTo("not_found");
    assertThat(api.get("/me", alice.token()).status()).isEqualTo(200);
    assertThat(api.delete("/auth/sessions/not-a-uuid", mallory.token()).error()).isEqualTo("not_found");
  }

  @Test
  void sessionsRecordTheDevice() {
    TestUser user = tidings.newUser("Device");
    JsonObject session = api.get("/auth/sessions", user.token()).array().getJsonObject(0);
    assertThat(session.getString("ip")).isEqualTo("127.0.0.1");
    assertThat(session.getString("userAgent")).isNotBlank();
    assertThat(session.getString("createdAt")).endsWith("Z");
    assertThat(session.getString("lastSeenAt")).endsWith("Z");
  }

  @Test
  void profileCanBeReadAndChanged() {
    TestUser user = tidings.newUser("Profile");
    JsonObject me = api.get("/me", user.token()).json();
    assertThat(me.getString("id")).isEqualTo(user.id());
    assertThat(me.getString("email")).isEqualTo(user.email());
    assertThat(me.getString("displayName")).isEqualTo("Profile");
    assertThat(me.getJsonObject("settings")).isEqualTo(new JsonObject());

    JsonObject settings = new JsonObject().put("theme", "dark").put("notify", new JsonObject().put("sound", false));
    JsonObject changed = api.patch("/me", user.token(), new JsonObject().put("displayName", "New Name").put("settings", settings)).json();
    assertThat(changed.getString("displayName")).isEqualTo("New Name");
    assertThat(changed.getJsonObject("settings")).isEqualTo(settings);
    assertThat(api.get("/me", user.token()).json().getString("displayName")).isEqualTo("New Name");

    Response tooBig = api.patch("/me", user.token(), new JsonObject().put("settings", new JsonObject().put("x", "y".repeat(17_000))));
    assertThat(tooBig.status()).isEqualTo(400);
    assertThat(api.get("/me", user.token()).json().getJsonObject("settings")).isEqualTo(settings);
  }

  @Test
  void verifiedUsersCanBeFoundByEmail() {
    TestUser finder = tidings.newUser("Finder");
    TestUser found = tidings.newUser("Found");
    JsonObject user = api.get("/users?email=" + found.email().toUpperCase(), finder.token()).json();
    assertThat(user).isEqualTo(new JsonObject().put("id", found.id()).put("displayName", "Found"));

    api.post("/auth/register", new JsonObject().put("email", "unverified@example.org").put("password", "long enough pass"));
    assertThat(api.get("/users?email=unverified@example.org", finder.token()).error()).isEqualTo("not_found");
    assertThat(api.get("/users?email=nobody@example.org", finder.token()).status()).isEqualTo(404);
  }

  @Test
  void everyPrivateCallNeedsAValidToken() {
    TestUser user = tidings.newUser("Guarded");
    String forged = user.token().substring(0, user.token().lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
    for (String token : new String[] {null, "garbage", forged}) {
      for (String path : List.of("/me", "/auth/sessions", "/users?email=x@y.z")) {
        Response response = api.get(path, token);
        assertThat(response.status()).as(path + " with " + token).isEqualTo(401);
        assertThat(response.error()).isEqualTo("unauthorized");
      }
    }
  }

  @Test
  void aLostConfirmationMailCanBeSentAgainAndOnlyForUnconfirmedAccounts() {
    api.post("/auth/register", new JsonObject().put("email", "lost@example.org").put("password", "long enough pass"));
    String first = tidings.mailbox().token("lost@example.org", "verify");
    assertThat(api.post("/auth/verify/resend", new JsonObject().put("email", "lost@example.org")).status()).isEqualTo(202);
    String second = tidings.mailbox().token("lost@example.org", "verify");
    assertThat(second).isNotEqualTo(first);
    assertThat(api.post("/auth/verify", new JsonObject().put("token", second)).status()).isEqualTo(204);

    assertThat(api.post("/auth/verify/resend", new JsonObject().put("email", "lost@example.org")).status()).isEqualTo(202);
    assertThat(api.post("/auth/verify/resend", new JsonObject().put("email", "never@example.org")).status()).isEqualTo(202);
    assertThat(tidings.mailbox().messagesTo("lost@example.org")).hasSize(2);
    assertThat(tidings.mailbox().messagesTo("never@example.org")).isEmpty();
  }
}
