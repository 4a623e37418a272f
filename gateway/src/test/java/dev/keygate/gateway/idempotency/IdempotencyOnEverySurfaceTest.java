package dev.keygate.gateway.idempotency;

import static dev.keygate.gateway.idempotency.Retries.newKey;
import static dev.keygate.gateway.idempotency.Retries.send;
import static dev.keygate.gateway.idempotency.Retries.sendRaw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestGateway;
import dev.keygate.store.KeygateStore;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Idempotency-Key on the creates of every surface, each refusal in the surface's own shape: a replay (with the secret
 * again), a key reused for another body (422), a retry while the first request still runs (409; the recorder holds
 * the first answer back so that it does), and a malformed header (400).
 */
@EveryStore
class IdempotencyOnEverySurfaceTest {

  private static final String PASSWORD = "Correct-Horse-9";

  private RecordingIdempotencyStore recorder;
  private TestGateway gateway;
  private Http http;

  @BeforeEach
  void start(KeygateStore database) {
    recorder = new RecordingIdempotencyStore(database);
    gateway = TestGateway.start(recorder.wrapping(), new JsonObject());
    http = gateway.http();
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  /** Sends {@code first} while its answer is held back, so that {@code retry} meets it running; then lets it go. */
  private Response[] whileRunning(Supplier<Response> first, Supplier<Response> retry) {
    recorder.hold = Promise.promise();
    int before = recorder.answers.size();
    CompletableFuture<Response> running = CompletableFuture.supplyAsync(first);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (recorder.answers.size() == before && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(recorder.answers).as("the first answer reached the store").hasSize(before + 1);
    Response refused = retry.get();
    recorder.hold.complete();
    recorder.hold = null;
    return new Response[] {running.join(), refused};
  }

  private static Map<String, String> raw(String token) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("authorization", token);
    return headers;
  }

  @Test
  void zitadelSystemCreatesAnInstanceOnceAndReplaysItsPat() {
    JsonObject body = new JsonObject().put("instanceName", "Once")
        .put("machine", new JsonObject().put("userName", "owner").put("name", "Owner")
            .put("personalAccessToken", new JsonObject()));
    String key = newKey();
    Response[] answers = whileRunning(
        () -> send(http, "POST", "/system/v1/instances/_create", TestGateway.SYSTEM_TOKEN, body, key),
        () -> send(http, "POST", "/system/v1/instances/_create", TestGateway.SYSTEM_TOKEN, body, key));
    assertThat(answers[0].status()).isEqualTo(200);
    assertThat(answers[1].status()).isEqualTo(409);
    assertThat(answers[1].json().getInteger("code")).isEqualTo(10);

    Response replay = send(http, "POST", "/system/v1/instances/_create", TestGateway.SYSTEM_TOKEN, body, key);
    assertThat(replay.status()).isEqualTo(200);
    assertThat(replay.json().getString("pat")).isEqualTo(answers[0].json().getString("pat"));
    assertThat(replay.json().getString("instanceId")).isEqualTo(answers[0].json().getString("instanceId"));
    Response listed = http.post("/system/v1/instances/_search", TestGateway.SYSTEM_TOKEN, new JsonObject());
    assertThat(listed.json().getJsonObject("details").getString("totalResult")).isEqualTo("1");
  }

  @Test
  void zitadelRefusesAMalformedKey() {
    Tenants.Tenant tenant = gateway.tenants().create("keys");
    for (String bad : new String[] {"\"" + "k".repeat(256) + "\"", "\"unterminated", "two words", "\"a\", \"b\"",
        "\"\"", "\"caf\u00e9\""}) {
      Response refused = sendRaw(http, "POST", "/management/v1/projects", Http.bearer(tenant.pat()),
          new JsonObject().put("name", "p"), bad);
      assertThat(refused.status()).as(bad).isEqualTo(400);
      assertThat(refused.json().getString("message")).isEqualTo("Errors.IdempotencyKey.Invalid (KEYGATE-idem400)");
    }
    String key = "k".repeat(255);
    Response quoted = sendRaw(http, "POST", "/management/v1/projects", Http.bearer(tenant.pat()),
        new JsonObject().put("name", "p"), "\"" + key + "\"");
    Response bare = sendRaw(http, "POST", "/management/v1/projects", Http.bearer(tenant.pat()),
        new JsonObject().put("name", "p"), key);
    assertThat(quoted.status()).isEqualTo(200);
    assertThat(bare.status()).isEqualTo(200);
    assertThat(bare.header("Idempotent-Replayed")).as("quotes or not, the same key").isEqualTo("true");
    assertThat(bare.body()).isEqualTo(quoted.body());
  }

  @Test
  void droplitCreatesOneClientAndOneTokenPerKey() {
    Tenants.Tenant tenant = gateway.tenants().create("droplit");
    String ecosystem = http.send("POST", "/api/ecosystems", raw(tenant.pat()), null, null).json().getString("id");
    Map<String, String> auth = raw(tenant.pat());
    JsonObject client = new JsonObject().put("ecosystemId", ecosystem).put("type", "server").put("name", "edge");
    String key = newKey();
    Response[] answers = whileRunning(() -> sendRaw(http, "POST", "/api/clients", auth, client, key),
        () -> sendRaw(http, "POST", "/api/clients", auth, client, key));
    assertThat(answers[0].status()).isEqualTo(201);
    assertThat(answers[1].status()).isEqualTo(409);
    assertNamedError(answers[1], "Conflict", "Idempotency Key In Use");
    Response replay = sendRaw(http, "POST", "/api/clients", auth, client, key);
    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.body()).isEqualTo(answers[0].body());

    Response reused = sendRaw(http, "POST", "/api/clients", auth, client.copy().put("name", "other"), key);
    assertThat(reused.status()).isEqualTo(422);
    assertNamedError(reused, "UnprocessableEntity", "Idempotency Key Reused");
    Response invalid = sendRaw(http, "POST", "/api/clients", auth, client, "\"no\\end");
    assertThat(invalid.status()).isEqualTo(400);
    assertNamedError(invalid, "BadRequest", "Idempotency Key Invalid");

    String clientId = answers[0].json().getString("id");
    String tokenKey = newKey();
    Response token = sendRaw(http, "POST", "/api/clients/" + clientId + "/tokens", auth, null, tokenKey);
    Response tokenAgain = sendRaw(http, "POST", "/api/clients/" + clientId + "/tokens", auth, null, tokenKey);
    assertThat(token.status()).isEqualTo(201);
    assertThat(tokenAgain.json().getString("token")).isEqualTo(token.json().getString("token"));
    assertThat(http.send("GET", "/api/clients/" + clientId + "/tokens", auth, null, null).json().getJsonArray("items"))
        .hasSize(1);
    assertThat(http.send("GET", "/api/clients?ecosystemId=" + ecosystem, auth, null, null).json()
        .getJsonArray("items")).hasSize(1);
  }

  @Test
  void oracleCreatesOneApplicationIdPerKeyAndReplaysItsKey() {
    String domain = instanceWithAdmin();
    Response login = http.form("/ccadmin/v1/login", Map.of("x-zitadel-instance-host", domain),
        new LinkedHashMap<>(Map.of("grant_type", "password", "username", "amber", "password", PASSWORD)));
    assertThat(login.status()).as(login.toString()).isEqualTo(200);
    String admin = login.json().getString("access_token");
    JsonObject body = new JsonObject().put("name", "sync").put("type", "application");
    String key = newKey();
    Response[] answers = whileRunning(
        () -> send(http, "POST", "/ccadmin/v1/applicationIds", admin, body, key),
        () -> send(http, "POST", "/ccadmin/v1/applicationIds", admin, body, key));
    assertThat(answers[0].status()).isEqualTo(200);
    assertOracleError(answers[1], 409, "40001");
    Response replay = send(http, "POST", "/ccadmin/v1/applicationIds", admin, body, key);
    assertThat(replay.json().getString("token")).isEqualTo(answers[0].json().getString("token"));

    assertOracleError(send(http, "POST", "/ccadmin/v1/applicationIds", admin, body.copy().put("name", "other"), key),
        422, "40002");
    assertOracleError(sendRaw(http, "POST", "/ccadmin/v1/applicationIds", Http.bearer(admin), body, "a b"), 400,
        "20018");
    Response listed = http.get("/ccadmin/v1/applicationIds?type=application", admin);
    assertThat(listed.json().getJsonArray("items")).hasSize(1);

    String id = answers[0].json().getString("id");
    String rekey = newKey();
    JsonObject op = new JsonObject().put("op", "genAuthToken").put("type", "application");
    Response newKey = send(http, "POST", "/ccadmin/v1/applicationIds/" + id, admin, op, rekey);
    Response sameKey = send(http, "POST", "/ccadmin/v1/applicationIds/" + id, admin, op, rekey);
    assertThat(newKey.status()).as(newKey.toString()).isEqualTo(200);
    assertThat(sameKey.json().getString("token")).isEqualTo(newKey.json().getString("token"));
    assertThat(http.form("/ccadmin/v1/login", Http.bearer(newKey.json().getString("token")),
        Map.of("grant_type", "client_credentials")).status()).as("the replayed key is the live one").isEqualTo(200);
  }

  private static void assertNamedError(Response response, String error, String message) {
    assertThat(response.json().getString("error")).isEqualTo(error);
    assertThat(response.json().getString("message")).isEqualTo(message);
  }

  private static void assertOracleError(Response response, int status, String errorCode) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.json().getString("errorCode")).isEqualTo(errorCode);
    assertThat(response.json().getString("status")).isEqualTo(Integer.toString(status));
  }

  private String instanceWithAdmin() {
    Response created = http.post("/system/v1/instances/_create", TestGateway.SYSTEM_TOKEN, new JsonObject()
        .put("instanceName", "Commerce")
        .put("human", new JsonObject().put("userName", "amber")
            .put("email", new JsonObject().put("email", "amber@example.com").put("isEmailVerified", true))
            .put("profile", new JsonObject().put("firstName", "Amber").put("lastName", "Admin"))
            .put("password", new JsonObject().put("password", PASSWORD))));
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    return http.get("/system/v1/instances/" + created.json().getString("instanceId"), TestGateway.SYSTEM_TOKEN)
        .json().getJsonObject("instance").getJsonArray("domains").getJsonObject(0).getString("domain");
  }
}
