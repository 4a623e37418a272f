package dev.keygate.gateway.capacity;

import static dev.keygate.gateway.capacity.FilledGateway.deleted;
import static dev.keygate.gateway.capacity.FilledGateway.ok;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.SingleStore;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The memory store's capacity through HTTP: once full, every write that would add to the store is refused in its
 * surface's "resource exhausted" shape (each answer checked against its contract by {@link Http}), while reads, token
 * grants, introspection, logins and deletes keep working, and deletes make room again. A memory-store feature: the
 * PostgreSQL run leaves it out.
 */
@SingleStore
class MemoryCapacityTest {

  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private FilledGateway full;
  private Http http;

  @BeforeEach
  void fill() {
    log.start();
    root.addAppender(log);
    full = new FilledGateway();
    http = full.http;
  }

  @AfterEach
  void stop() {
    full.close();
    root.detachAppender(log);
  }

  private static void assertZitadelExhausted(Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(429);
    assertThat(response.json().getInteger("code")).isEqualTo(8);
    assertThat(response.json().getString("message")).isEqualTo("Errors.Quota.Store.Exhausted (KEYGATE-cap8)");
  }

  private static void assertDroplitExhausted(Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(429);
    assertThat(response.json().getString("error")).isEqualTo("TooManyRequests");
    assertThat(response.json().getString("message")).isEqualTo("Capacity Exhausted");
  }

  private static void assertOracleExhausted(Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(429);
    assertThat(response.json().getString("errorCode")).isEqualTo("90003");
    assertThat(response.json().getString("status")).isEqualTo("429");
  }

  @Test
  void everyWriteThatAddsIsRefusedInItsSurfacesShape() {
    String pat = full.acme.pat();
    String apps = "/management/v1/projects/" + full.projectId + "/apps";
    assertZitadelExhausted(full.firstRefusal);
    assertZitadelExhausted(http.post("/system/v1/instances/_create", TestGateway.SYSTEM_TOKEN, new JsonObject()
        .put("instanceName", "one-too-many").put("machine", new JsonObject().put("userName", "o").put("name", "O"))));
    assertZitadelExhausted(http.post("/management/v1/projects", pat, new JsonObject().put("name", "more")));
    assertZitadelExhausted(http.post(apps + "/api", pat, new JsonObject().put("name", "more")));
    assertZitadelExhausted(full.newAppSecret());
    assertZitadelExhausted(http.post(apps + "/" + full.app.getString("appId") + "/keys", pat,
        new JsonObject().put("type", "KEY_TYPE_JSON")));
    assertZitadelExhausted(http.post("/management/v1/users/machine", pat,
        new JsonObject().put("userName", "more").put("name", "More")));
    assertZitadelExhausted(http.post("/management/v1/users/human", pat, new JsonObject().put("userName", "ada")
        .put("profile", new JsonObject().put("firstName", "Ada").put("lastName", "Lovelace"))
        .put("email", new JsonObject().put("email", "ada@example.com"))));
    String robot = "/management/v1/users/" + full.robotId;
    assertZitadelExhausted(http.put(robot + "/secret", pat, new JsonObject()));
    assertZitadelExhausted(http.put(robot + "/secret", pat, new JsonObject().put("previousSecretValidFor", "60s")));
    assertZitadelExhausted(http.post(robot + "/pats", pat, new JsonObject()));
    assertZitadelExhausted(http.post(robot + "/keys", pat, new JsonObject().put("type", "KEY_TYPE_JSON")));
    assertZitadelExhausted(full.member(full.spareUserId, "ORG_OWNER"));

    assertDroplitExhausted(full.droplit("POST", "/api/ecosystems", null));
    assertDroplitExhausted(full.droplit("PUT", "/api/ecosystems/" + full.ecosystemId,
        new JsonObject().put("meta", new JsonObject().put("more", true))));
    assertDroplitExhausted(full.droplit("POST", "/api/clients",
        new JsonObject().put("ecosystemId", full.ecosystemId).put("type", "application")));
    assertDroplitExhausted(full.droplit("PUT", "/api/clients/" + full.clientId,
        new JsonObject().put("name", "renamed")));
    assertDroplitExhausted(full.droplit("POST", "/api/clients/" + full.clientId + "/tokens", null));

    String oracleApps = "/ccadmin/v1/applicationIds";
    assertOracleExhausted(http.post(oracleApps, full.oracleAdmin,
        new JsonObject().put("name", "more").put("type", "application")));
    String oracleApp = oracleApps + "/" + full.oracleApp.getString("id");
    assertOracleExhausted(http.put(oracleApp, full.oracleAdmin,
        new JsonObject().put("name", "renamed").put("type", "application")));
    assertOracleExhausted(http.post(oracleApp, full.oracleAdmin,
        new JsonObject().put("op", "genAuthToken").put("type", "application")));
  }

  @Test
  void readsTokensIntrospectionAndLoginsKeepWorking() {
    String pat = full.acme.pat();
    String apps = "/management/v1/projects/" + full.projectId + "/apps";
    ok(http.get("/management/v1/projects/" + full.projectId, pat));
    ok(http.get(apps + "/" + full.fillerAppIds.get(0), pat));
    ok(http.post(apps + "/_search", pat, new JsonObject()));
    ok(http.get("/management/v1/users/" + full.robotId, pat));
    ok(http.post("/system/v1/instances/_search", TestGateway.SYSTEM_TOKEN, new JsonObject()));
    ok(full.droplit("GET", "/api/ecosystems/" + full.ecosystemId, null));
    ok(full.droplit("GET", "/api/clients?ecosystemId=" + full.ecosystemId, null));
    ok(full.droplit("GET", "/api/clients/" + full.clientId + "/tokens", null));
    ok(http.get("/ccadmin/v1/applicationIds?type=application", full.oracleAdmin));

    String token = ok(full.robotToken()).getString("access_token");
    ok(http.get("/management/v1/projects/" + full.projectId, token)); // the new token works on the API
    JsonObject introspected = ok(http.form("/oauth/v2/introspect",
        Http.basic(full.app.getString("clientId"), full.app.getString("clientSecret")), Map.of("token", token)));
    assertThat(introspected.getBoolean("active")).isTrue();
    ok(full.passwordLogin());
    ok(http.form("/ccadmin/v1/login", Http.bearer(full.oracleApp.getString("token")),
        Map.of("grant_type", "client_credentials")));
    assertThat(http.form("/oauth/v2/revoke",
        Http.basic(full.app.getString("clientId"), full.app.getString("clientSecret")),
        Map.of("token", token)).status()).isEqualTo(200);
  }

  @Test
  void deletesAreAnsweredAndMakeRoomAgain() {
    String pat = full.acme.pat();
    String apps = "/management/v1/projects/" + full.projectId + "/apps";
    // a removal gives back its record; its event stays, so two removed apps surely make room for one new app
    deleted(http.delete(apps + "/" + full.fillerAppIds.get(0), pat));
    deleted(http.delete(apps + "/" + full.fillerAppIds.get(1), pat));
    ok(http.post(apps + "/api", pat, new JsonObject().put("name", "filler-x")));

    // every surface's deletes still answer once full again
    full.newAppSecret(); // whatever the new app left
    deleted(full.droplit("DELETE", "/api/clients/" + full.clientId, null));
    deleted(full.droplit("DELETE", "/api/ecosystems/" + full.ecosystemId, null));
    deleted(http.delete("/ccadmin/v1/applicationIds/" + full.oracleApp.getString("id") + "?type=application",
        full.oracleAdmin));
    deleted(http.delete("/management/v1/users/" + full.robotId, pat));
    deleted(http.delete("/management/v1/projects/" + full.projectId, pat));
    deleted(http.delete("/system/v1/instances/" + full.acme.instanceId(), TestGateway.SYSTEM_TOKEN));
    // the tenant's room is back: a whole new tenant fits
    assertThat(full.gateway.tenants().create("after").pat()).isNotBlank();
  }

  @Test
  void fillingIsLoggedOnceAt80PercentAndOnceWhenFullWithoutErrors() {
    for (int i = 0; i < 5; i++) {
      assertZitadelExhausted(http.post("/management/v1/projects", full.acme.pat(), new JsonObject().put("name", "p")));
    }
    List<ILoggingEvent> capacity = log.list.stream()
        .filter(e -> e.getLoggerName().equals("dev.keygate.store.memory.Capacity")).toList();
    assertThat(capacity).extracting(ILoggingEvent::getFormattedMessage)
        .filteredOn(m -> m.contains("% full")).singleElement().asString().contains("memory store 8", "bytes held");
    assertThat(capacity).extracting(ILoggingEvent::getFormattedMessage)
        .filteredOn(m -> m.startsWith("memory store full")).hasSize(1);
    assertThat(capacity).allMatch(e -> e.getLevel() == Level.WARN && e.getThrowableProxy() == null);
    assertThat(log.list).as("no ERROR while full").noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR));
  }
}
