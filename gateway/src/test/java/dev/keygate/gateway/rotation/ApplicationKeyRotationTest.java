package dev.keygate.gateway.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.TestClock;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Oracle's genAuthToken with Keygate's {@code previousTokenValidSeconds}: the old application key keeps logging in
 * during the overlap, a later genAuthToken ends it, and without the field the old key stops at once, as in Oracle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EveryStore
class ApplicationKeyRotationTest {

  private static final String APPS = "/ccadmin/v1/applicationIds";

  private final TestClock clock = new TestClock();
  private TestGateway gateway;
  private Http http;
  private String admin;

  @BeforeAll
  void start() {
    gateway = TestGateway.start(new JsonObject(), clock);
    http = gateway.http();
    Response created = http.post("/system/v1/instances/_create", TestGateway.SYSTEM_TOKEN, new JsonObject()
        .put("instanceName", "keys").put("human", new JsonObject().put("userName", "amber")
            .put("email", new JsonObject().put("email", "amber@example.com").put("isEmailVerified", true))
            .put("profile", new JsonObject().put("firstName", "Amber").put("lastName", "Admin"))
            .put("password", new JsonObject().put("password", "Correct-Horse-9"))));
    String domain = http.get("/system/v1/instances/" + created.json().getString("instanceId"),
        TestGateway.SYSTEM_TOKEN).json().getJsonObject("instance").getJsonArray("domains").getJsonObject(0)
        .getString("domain");
    admin = http.form("/ccadmin/v1/login", Map.of("x-zitadel-instance-host", domain),
        Map.of("grant_type", "password", "username", "amber", "password", "Correct-Horse-9")).json()
        .getString("access_token");
  }

  @AfterAll
  void stop() {
    gateway.close();
  }

  private int keyLogin(String key) {
    return http.form("/ccadmin/v1/login", Http.bearer(key), Map.of("grant_type", "client_credentials")).status();
  }

  private Response genAuthToken(String id, Integer previousValidSeconds) {
    JsonObject body = new JsonObject().put("op", "genAuthToken").put("type", "application");
    if (previousValidSeconds != null) {
      body.put("previousTokenValidSeconds", previousValidSeconds);
    }
    return http.post(APPS + "/" + id, admin, body);
  }

  @Test
  void theOldKeyLogsInDuringTheOverlapUntilTheNextRotation() {
    JsonObject app = http.post(APPS, admin, new JsonObject().put("name", "sync").put("type", "application")).json();
    String id = app.getString("id");
    String first = app.getString("token");

    Response rotated = genAuthToken(id, 3600);
    String second = rotated.json().getString("token");

    assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
    assertThat(keyLogin(first)).isEqualTo(200);
    assertThat(keyLogin(second)).isEqualTo(200);
    String third = genAuthToken(id, 3600).json().getString("token");
    assertThat(keyLogin(first)).as("a third rotation ends the oldest").isEqualTo(401);
    assertThat(keyLogin(second)).isEqualTo(200);
    String fourth = genAuthToken(id, null).json().getString("token");
    assertThat(keyLogin(second)).isEqualTo(401);
    assertThat(keyLogin(third)).as("no field: Oracle's behaviour, the old key stops at once").isEqualTo(401);
    assertThat(keyLogin(fourth)).isEqualTo(200);
  }

  @Test
  void anOverlapEndsOnTimeAndIsBounded() {
    JsonObject app = http.post(APPS, admin, new JsonObject().put("name", "short").put("type", "application")).json();
    String id = app.getString("id");
    String first = app.getString("token");
    Response tooLong = genAuthToken(id, 2_592_001);
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().getString("errorCode")).isEqualTo("20017");
    assertThat(keyLogin(first)).as("a refused rotation changed nothing").isEqualTo(200);

    genAuthToken(id, 1);
    assertThat(keyLogin(first)).isEqualTo(200);
    clock.advance(Duration.ofMillis(999));
    assertThat(keyLogin(first)).as("a millisecond before the overlap ends").isEqualTo(200);
    clock.advance(Duration.ofMillis(1));
    assertThat(keyLogin(first)).as("the overlap ends on time").isEqualTo(401);
  }
}
