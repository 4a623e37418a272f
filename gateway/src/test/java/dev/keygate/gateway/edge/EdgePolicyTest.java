package dev.keygate.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The findings of a hostile client against the HTTP edge, one test each: every one is answered by the surface that
 * owns the path, in its own shape and with a status its contract documents (Http checks every answer against the
 * contract), never with a 5xx, a dropped connection or an ERROR log line.
 */
class EdgePolicyTest extends GatewayTest {

  private static final String LONG_FIELD = "x".repeat(10_000);
  private ErrorLog log;

  @BeforeEach
  void watchLog() {
    log = new ErrorLog();
  }

  @AfterEach
  void noErrorWasLogged() {
    log.close();
    assertThat(log.errors()).as("client errors are not Keygate's faults").isEmpty();
  }

  @AfterAll
  void gatewayIsAlive() {
    assertThat(http.get("/healthz", null).status()).isEqualTo(200);
  }

  @Test
  void oauthFormFieldsLongerThan8KiBAreReadAndJudgedNot500() {
    Map<String, String> assertion = Map.of("grant_type", "client_credentials", "client_id", "x",
        "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion", LONG_FIELD, "token", "t", "scope", "openid");
    for (String endpoint : new String[] {"/oauth/v2/token", "/oauth/v2/introspect", "/oauth/v2/revoke"}) {
      Response response = http.form(endpoint, Map.of(), assertion);
      assertThat(response.status()).as(endpoint + " " + response).isEqualTo(400);
      assertThat(response.json().getString("error")).isNotEqualTo("server_error");
    }
  }

  @Test
  void aBodyOnAMethodThatTakesNoneIsRefusedInTheSurfacesShape() {
    Response keys = http.send("GET", "/oauth/v2/keys", Map.of(), "a=b", "application/x-www-form-urlencoded");
    assertThat(keys.status()).as(keys.toString()).isEqualTo(400);
    assertThat(keys.json().getString("error")).isEqualTo("invalid_request");

    Response oracle = http.send("GET", "/ccadmin/v1/applicationIds/abc?type=application", Http.bearer("x"),
        "{\"a\":1}", "application/json");
    assertThat(oracle.status()).as(oracle.toString()).isEqualTo(400);
    assertThat(oracle.json().getString("errorCode")).isEqualTo("20014");

    Response droplit = http.send("GET", "/api/ecosystems/C0123456789abcdef01234567", Http.bearer(acme.pat()),
        "{}", "application/json");
    assertThat(droplit.status()).as(droplit.toString()).isEqualTo(400);
    assertThat(droplit.json().getString("error")).isEqualTo("BadRequest");

    Response zitadel = http.send("DELETE", "/system/v1/instances/abc", Http.bearer(TestGateway.SYSTEM_TOKEN),
        "{}", "application/json");
    assertThat(zitadel.status()).as(zitadel.toString()).isEqualTo(400);
    assertThat(zitadel.json().getInteger("code")).isEqualTo(3);

    Response registry = http.send("GET", "/ccadmin/v1/registry", Map.of(), "x", "text/plain");
    assertThat(registry.status()).as(registry.toString()).isEqualTo(400);
  }

  @Test
  void oddOracleLoginFormsAreClientErrors() {
    for (String form : new String[] {"grant_type=%zz", "&&==&", "grant_type=client_credentials&%00=1",
        "grant_type=" + LONG_FIELD}) {
      Response response = http.send("POST", "/ccadmin/v1/login", Http.bearer("not-a-key"), form,
          "application/x-www-form-urlencoded");
      assertThat(response.status()).as(form.substring(0, Math.min(40, form.length())) + " " + response)
          .isBetween(400, 499);
    }
  }

  @Test
  void longQueryStringsAreAnsweredNeverDropped() {
    Response longValue = http.send("GET", "/api/ecosystems?x=" + "y".repeat(5_000), Http.bearer(acme.pat()),
        "{}", "application/json");
    assertThat(longValue.status()).as(longValue.body()).isEqualTo(400);

    Response tooLong = http.get("/api/ecosystems?x=" + "y".repeat(9_000), acme.pat());
    assertThat(tooLong.status()).as(tooLong.body()).isEqualTo(414);
    assertThat(tooLong.json().getString("error")).isEqualTo("UriTooLong");

    Response zitadel = http.get("/management/v1/projects/1?x=" + "y".repeat(9_000), acme.pat());
    assertThat(zitadel.status()).isEqualTo(414);
    assertThat(zitadel.json().getInteger("code")).isEqualTo(8);
  }

  @Test
  void aRequestLinePastTheDecodersLimitGetsAJsonAnswer() throws Exception {
    String answer = RawHttp.exchange(gateway.port(),
        "GET /management/v1/projects?x=" + "y".repeat(300_000) + " HTTP/1.1\r\nhost: localhost\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.").contains(" 414 ");
    assertThat(answer).contains("\"code\":8");
  }

  // found by the contract fuzzer once every status had to be documented per operation

  @Test
  void aRequestTheDecoderRefusesIsAnsweredByTheSurfaceThatOwnsItsPath() throws Exception {
    String[][] cases = {
        {"POST /oauth/v2/introspect", "\"error\":\"invalid_request\""},
        {"POST /api/clients", "\"error\":\"BadRequest\""},
        {"POST /ccadmin/v1/applicationIds", "\"errorCode\":\"20009\""},
        {"POST /management/v1/projects", "\"code\":3"}};
    for (String[] c : cases) {
      String answer = RawHttp.exchange(gateway.port(), c[0] + " HTTP/1.1\r\nhost: localhost\r\n"
          + "authorization: Bearer a\u0000b\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}");
      assertThat(answer).as(c[0]).startsWith("HTTP/1.1 400").contains(c[1]).containsIgnoringCase("connection: close");
    }
    String longQuery = RawHttp.exchange(gateway.port(), "GET /.well-known/openid-configuration?x="
        + "y".repeat(70_000) + " HTTP/1.1\r\nhost: localhost\r\n\r\n");
    assertThat(longQuery).startsWith("HTTP/1.1 414").contains("\"error\":\"invalid_request\"");
  }

  @Test
  void aTransferEncodingOtherThanChunkedAloneIsRefusedNotWaitedFor() throws Exception {
    String[] framings = {
        "transfer-encoding: chunked, identity\r\ncontent-length: 2\r\n",
        "transfer-encoding: identity, chunked\r\n",
        "transfer-encoding: gzip\r\n",
        "transfer-encoding: chunked\r\ntransfer-encoding: chunked\r\n"};
    for (String framing : framings) {
      String answer = RawHttp.exchange(gateway.port(), "POST /api/clients HTTP/1.1\r\nhost: localhost\r\n"
          + "authorization: " + acme.pat() + "\r\ncontent-type: application/json\r\n" + framing + "\r\n{}");
      assertThat(answer).as(framing).startsWith("HTTP/1.1 400").contains("\"error\":\"BadRequest\"")
          .containsIgnoringCase("connection: close");
    }
  }

  @Test
  void anExpectationOtherThan100ContinueIs417InTheSurfacesShape() throws Exception {
    String[][] cases = {
        {"POST /management/v1/projects", "\"code\":3"},
        {"POST /api/ecosystems", "\"error\":\"ExpectationFailed\""},
        {"POST /ccadmin/v1/applicationIds", "\"errorCode\":\"20016\""},
        {"POST /oauth/v2/token", "\"error\":\"invalid_request\""}};
    for (String[] c : cases) {
      String answer = RawHttp.exchange(gateway.port(), c[0] + " HTTP/1.1\r\nhost: localhost\r\nexpect: fuzz\r\n"
          + "authorization: Bearer " + acme.pat() + "\r\ncontent-type: application/json\r\ncontent-length: 2\r\n"
          + "\r\n{}");
      assertThat(answer).as(c[0]).startsWith("HTTP/1.1 417").contains(c[1]);
    }
  }

  @Test
  void headersOverTheLimitAre431InTheSurfacesShape() {
    Map<String, String> headers = new LinkedHashMap<>(Http.bearer(acme.pat()));
    headers.put("x-filler", "z".repeat(20_000));
    Response oauth = http.send("GET", "/oauth/v2/keys", headers, null, null);
    assertThat(oauth.status()).as(oauth.toString()).isEqualTo(431);
    assertThat(oauth.json().getString("error")).isEqualTo("invalid_request");
    Response zitadel = http.send("GET", "/management/v1/projects/1", headers, null, null);
    assertThat(zitadel.status()).isEqualTo(431);
    assertThat(zitadel.json().getInteger("code")).isEqualTo(8);
  }

  @Test
  void multipartIsUnsupportedEverywhereAndTheConnectionSurvives() {
    String multipart = "multipart/form-data; boundary=b";
    String body = "--b\r\ncontent-disposition: form-data; name=\"name\"\r\n\r\n" + LONG_FIELD + "\r\n--b--\r\n";
    Response zitadel = http.send("POST", "/management/v1/projects", Http.bearer(acme.pat()), body, multipart);
    assertThat(zitadel.status()).as(zitadel.toString()).isEqualTo(415);
    Response oauth = http.send("POST", "/oauth/v2/token", Map.of(), body, multipart);
    assertThat(oauth.status()).as(oauth.toString()).isEqualTo(415);
    Response oracle = http.send("POST", "/ccadmin/v1/login", Map.of(), body, multipart);
    assertThat(oracle.status()).as(oracle.toString()).isEqualTo(415);
    Response droplit = http.send("POST", "/api/ecosystems", Http.bearer(acme.pat()), body, multipart);
    assertThat(droplit.status()).as(droplit.toString()).isEqualTo(415);
    Response get = http.send("GET", "/api/ecosystems", Http.bearer(acme.pat()), body, multipart);
    assertThat(get.status()).as(get.toString()).isEqualTo(400);
  }

  @Test
  void nulAndInvalidUtf8InThePathOrQueryAreRefusedBeforeAnyLookup() {
    Response nul = http.delete("/system/v1/instances/%00", TestGateway.SYSTEM_TOKEN);
    assertThat(nul.status()).as(nul.toString()).isEqualTo(400);
    assertThat(nul.json().getInteger("code")).isEqualTo(3);
    Response invalid = http.get("/management/v1/projects/%C3%28", acme.pat());
    assertThat(invalid.status()).as(invalid.toString()).isEqualTo(400);
    Response surrogate = http.get("/api/ecosystems/%ED%A0%80", acme.pat());
    assertThat(surrogate.status()).as(surrogate.toString()).isEqualTo(400);
    Response query = http.get("/ccadmin/v1/applicationIds?type=%00", "x");
    assertThat(query.status()).as(query.toString()).isEqualTo(400);
    Response form = http.form("/oauth/v2/token", Map.of(), Map.of("grant_type", "client_credentials",
        "client_id", "a\u0000b", "client_secret", "s", "scope", "openid"));
    assertThat(form.status()).as(form.toString()).isEqualTo(400);
  }

  @Test
  void deepNestingAndDuplicateKeysAreMalformedJson() {
    String deep = "{\"profile\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}";
    Response human = http.send("POST", "/management/v1/users/human?x=" + "q".repeat(4_000),
        Http.bearer(acme.pat()), deep, "application/json");
    assertThat(human.status()).as(human.toString()).isEqualTo(400);
    assertThat(human.json().getInteger("code")).isEqualTo(3);

    String sixtyFive = "{\"name\":\"p\",\"x\":" + "[".repeat(65) + "]".repeat(65) + "}";
    Response tooDeep = http.send("POST", "/management/v1/projects", Http.bearer(acme.pat()), sixtyFive,
        "application/json");
    assertThat(tooDeep.status()).as(tooDeep.toString()).isEqualTo(400);

    Response duplicate = http.send("POST", "/management/v1/projects", Http.bearer(acme.pat()),
        "{\"name\":\"a\",\"name\":\"b\"}", "application/json");
    assertThat(duplicate.status()).as(duplicate.toString()).isEqualTo(400);
    Response nulInJson = http.send("POST", "/management/v1/projects", Http.bearer(acme.pat()),
        "{\"name\":\"a\\u0000b\"}", "application/json");
    assertThat(nulInJson.status()).as(nulInJson.toString()).isEqualTo(400);
    Response invalidUtf8 = RawPost.json(http, "/management/v1/projects", acme.pat());
    assertThat(invalidUtf8.status()).isEqualTo(400);
  }

  @Test
  void aTooLargeBodyIs413OnEverySurfaceIncludingOAuth() {
    String big = "a=" + "b".repeat(70 * 1024);
    Response oauth = http.send("POST", "/oauth/v2/token", Map.of(), big, "application/x-www-form-urlencoded");
    assertThat(oauth.status()).as(oauth.toString()).isEqualTo(413);
    assertThat(oauth.json().getString("error")).isEqualTo("invalid_request");
  }

  @Test
  void everyAnswerCarriesARequestIdTheClientsWhenSane() {
    Map<String, String> sane = new LinkedHashMap<>(Http.bearer(acme.pat()));
    sane.put("x-request-id", "abc-123.X_y");
    assertThat(http.send("GET", "/management/v1/projects/none", sane, null, null).header("x-request-id"))
        .isEqualTo("abc-123.X_y");
    Map<String, String> insane = new LinkedHashMap<>(Http.bearer(acme.pat()));
    insane.put("x-request-id", "bad id\twith spaces");
    String generated = http.send("GET", "/management/v1/projects/none", insane, null, null).header("x-request-id");
    assertThat(generated).matches("[0-9a-f-]{36}");
    assertThat(http.get("/healthz", null).header("x-request-id")).isNotBlank();
  }

  // found by the contract fuzzer after the edge policy: no Host, broken escapes, a 200-character password

  @Test
  void anHttp11RequestWithoutHostIs400InTheSurfacesShape() throws Exception {
    String zitadel = RawHttp.exchange(gateway.port(), "POST /management/v1/projects HTTP/1.1\r\n"
        + "authorization: Bearer " + acme.pat() + "\r\ncontent-type: application/json\r\ncontent-length: 12\r\n\r\n"
        + "{\"name\":\"x\"}");
    assertThat(zitadel).startsWith("HTTP/1.1 400").contains("\"code\":3");
    String oauth = RawHttp.exchange(gateway.port(), "GET /oauth/v2/keys HTTP/1.1\r\n\r\n");
    assertThat(oauth).startsWith("HTTP/1.1 400").contains("\"error\":\"invalid_request\"");
    assertThat(http.get("/healthz", null).status()).isEqualTo(200);
  }

  @Test
  void brokenPercentEscapesInThePathAreRefusedWithoutAnUnhandledError() throws Exception {
    String[][] cases = {
        {"/system/v1/instances/1%%41", TestGateway.SYSTEM_TOKEN, "\"code\":3"},
        {"/management/v1/projects/1%zz", acme.pat(), "\"code\":3"},
        {"/management/v1/projects/1%G0/apps/_search", acme.pat(), "\"code\":3"},
        {"/management/v1/projects/1?q=%", acme.pat(), "\"code\":3"},
        {"/api/ecosystems/abc%", acme.pat(), "\"error\":\"BadRequest\""},
        {"/ccadmin/v1/applicationIds/%/k", acme.pat(), "\"errorCode\""},
        {"/oauth/v2/keys?q=%u0041", acme.pat(), "\"error\":\"invalid_request\""}};
    for (String[] c : cases) {
      String answer = RawHttp.exchange(gateway.port(), "GET " + c[0] + " HTTP/1.1\r\nhost: localhost\r\n"
          + "authorization: Bearer " + c[1] + "\r\n\r\n");
      assertThat(answer).as(c[0]).startsWith("HTTP/1.1 400").contains(c[2]);
    }
    assertThat(http.get("/healthz", null).status()).isEqualTo(200);
  }

  @Test
  void aPasswordOfTheContractsFullLengthIsAccepted() {
    Response created = http.post("/management/v1/users/human", acme.pat(), new JsonObject()
        .put("userName", "long-password")
        .put("profile", new JsonObject().put("firstName", "Ada").put("lastName", "Lovelace"))
        .put("email", new JsonObject().put("email", "ada@example.com"))
        .put("initialPassword", "😀".repeat(200)));
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
  }
}
