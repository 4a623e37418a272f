package dev.keygate.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keygate.gateway.KeygateConfig;
import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code KEYGATE_ACCESS_LOG=json}: one JSON line per request on {@code keygate.access}, with the request id the
 * response carries, and nothing a client sent in a header, a body or a form: no token, secret or PAT.
 */
@EveryStore
class AccessLogTest {

  private final Logger access = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private TestGateway gateway;

  @BeforeEach
  void start() {
    lines.start();
    access.addAppender(lines);
    gateway = TestGateway.start(new JsonObject().put(KeygateConfig.ACCESS_LOG, "json"));
  }

  @AfterEach
  void stop() {
    gateway.close();
    access.detachAppender(lines);
  }

  @Test
  void oneLinePerRequestWithItsIdAndNoCredential() {
    Tenants.Tenant tenant = gateway.tenants().create("logged");
    String project = gateway.tenants().project(tenant, "p");
    String user = gateway.tenants().machineUser(tenant, "logged-bot");
    lines.list.clear();

    Http http = gateway.http();
    Response secret = http.send("PUT", "/management/v1/users/" + user + "/secret",
        Map.of("authorization", "Bearer " + tenant.pat(), "x-request-id", "trace-me.42",
            "x-custom", "header-value-never-logged"), "{}", "application/json");
    assertThat(secret.status()).isEqualTo(200);
    assertThat(secret.header("x-request-id")).isEqualTo("trace-me.42");
    String clientSecret = secret.json().getString("clientSecret");
    Response token = http.form("/oauth/v2/token", Http.basic(secret.json().getString("clientId"), clientSecret),
        Map.of("grant_type", "client_credentials", "scope", "openid"));
    assertThat(token.status()).isEqualTo(200);
    Response insane = http.send("GET", "/management/v1/projects/" + project,
        Map.of("authorization", "Bearer " + tenant.pat(), "x-request-id", "bad id\",\"injected\":\"1"), null, null);
    assertThat(insane.status()).isEqualTo(200);
    assertThat(http.get("/no/such/thing", null).status()).isEqualTo(404);

    List<JsonObject> logged = lines.list.stream().map(e -> new JsonObject(e.getFormattedMessage())).toList();
    assertThat(logged).hasSize(4);
    JsonObject first = logged.get(0);
    assertThat(first.fieldNames()).contains("time", "requestId", "surface", "operation", "status", "durationMs",
        "instanceId");
    assertThat(first.getString("requestId")).isEqualTo("trace-me.42");
    assertThat(first.getString("surface")).isEqualTo("zitadel-management");
    assertThat(first.getString("operation")).isEqualTo("GenerateMachineSecret");
    assertThat(first.getInteger("status")).isEqualTo(200);
    assertThat(first.getString("instanceId")).isEqualTo(tenant.instanceId());
    assertThat(first.getDouble("durationMs")).isGreaterThanOrEqualTo(0);
    assertThat(logged.get(1).getString("operation")).isEqualTo("Token");
    assertThat(logged.get(1).getString("requestId")).isEqualTo(token.header("x-request-id"));
    // an id that could break the line is replaced by a generated one, the one the response carries
    assertThat(logged.get(2).getString("requestId")).isEqualTo(insane.header("x-request-id"))
        .doesNotContain("injected");
    assertThat(logged.get(2).containsKey("injected")).isFalse();
    assertThat(logged.get(3).getString("surface")).isEqualTo("keygate");
    assertThat(logged.get(3).getString("operation")).isEqualTo("none");
    assertThat(logged.get(3).getInteger("status")).isEqualTo(404);

    String everything = String.join("\n", lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
    for (String never : new String[] {tenant.pat(), clientSecret, token.json().getString("access_token"),
        "header-value-never-logged", "logged-bot", "Bearer"}) {
      assertThat(everything).doesNotContain(never);
    }
  }
}
