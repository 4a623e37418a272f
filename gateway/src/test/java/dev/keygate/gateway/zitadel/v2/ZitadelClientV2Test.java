package dev.keygate.gateway.zitadel.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.ExternalTools;
import dev.keygate.gateway.testing.ExternalTools.Result;
import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Tenants;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ZITADEL's own v2 client from npm, {@code @zitadel/client} 1.3.1 with the descriptors of {@code @zitadel/proto}
 * 1.3.1 (installed here at test time, never vendored), drives Keygate's v2 services over gRPC on h2c, exactly as its
 * {@code createServerTransport} does on Node, and {@code @connectrpc/connect-node}'s Connect transport drives them in
 * JSON and in binary: the whole flow of each (resources/zitadel-client/v2-e2e.mjs) and every error row with its code.
 * Skipped, saying so, only when the npm registry cannot be reached.
 */
class ZitadelClientV2Test extends GatewayTest {

  private static final List<String> TRANSPORTS = List.of("grpc", "connect-json", "connect-binary");

  private JsonObject result;
  private String foreignUserId;

  // a first npm install may take minutes (ExternalTools allows it 10), more than a test method may
  @BeforeAll
  @Timeout(value = 14, unit = TimeUnit.MINUTES)
  void runTheClient() throws Exception {
    ZitadelClientTools.install();
    String script = ZitadelClientTools.script("v2-e2e.mjs");
    Tenants.Tenant globex = gateway.tenants().create("globex");
    foreignUserId = gateway.tenants().machineUser(globex, "globex-svc");
    String userManager = gateway.tenants().memberPat(acme, "user-manager", "ORG_USER_MANAGER");
    Result run = ExternalTools.run(List.of("node", script, http.base(), acme.pat(), acme.orgId(),
        foreignUserId, userManager), ZitadelClientTools.TOOLS, 300);
    assertThat(run.exitCode()).as("@zitadel/client against Keygate:%n%s", run.output()).isZero();
    String line = run.output().lines().filter(l -> l.startsWith("RESULT ")).findFirst()
        .orElseThrow(() -> new AssertionError("no RESULT line:\n" + run.output()));
    result = new JsonObject(line.substring("RESULT ".length()));
  }

  private JsonObject flow(String transport) {
    JsonObject flow = result.getJsonObject(transport);
    assertThat(flow.getString("failed")).as(transport).isNull();
    return flow;
  }

  @Test
  void aMachineUsersSecretGetsATokenThatAnApiAppIntrospects() {
    for (String transport : TRANSPORTS) {
      JsonObject flow = flow(transport);
      assertThat(flow.getJsonObject("readUser").getString("username")).as(transport).isEqualTo("svc-" + transport);
      assertThat(flow.getJsonObject("readUser").getString("type")).isEqualTo("machine");
      assertThat(flow.getJsonObject("readUser").getString("name")).isEqualTo("Service " + transport);
      assertThat(flow.getJsonObject("readUser").getInteger("state")).isEqualTo(1);
      assertThat(flow.getString("clientSecret")).matches("[A-Za-z0-9]{64}");
      assertThat(flow.getInteger("tokenStatus")).as(transport).isEqualTo(200);
      JsonObject introspection = flow.getJsonObject("introspection");
      assertThat(introspection.getInteger("status")).isEqualTo(200);
      assertThat(introspection.getBoolean("active")).as(transport).isTrue();
      assertThat(introspection.getString("sub")).isEqualTo(flow.getString("userId"));
    }
  }

  @Test
  void apiAppsOfBothKindsAreCreatedReadListedAndGetANewSecret() {
    for (String transport : TRANSPORTS) {
      JsonObject flow = flow(transport);
      assertThat(flow.getString("projectName")).isEqualTo("project-" + transport);
      JsonObject basic = flow.getJsonObject("basic");
      assertThat(basic.getString("clientSecret")).matches("[A-Za-z0-9]{64}");
      assertThat(flow.getJsonObject("jwt").getString("clientSecret")).as(transport).isEmpty();
      JsonObject readJwt = flow.getJsonObject("readJwt");
      assertThat(readJwt.getString("name")).isEqualTo("jwt-" + transport);
      assertThat(readJwt.getString("configCase")).isEqualTo("apiConfig");
      assertThat(readJwt.getInteger("authMethodType")).isEqualTo(1);
      assertThat(readJwt.getString("clientId")).isNotBlank();
      assertThat(flow.getJsonArray("listed").getList()).containsExactlyInAnyOrder(basic.getString("appId"),
          flow.getJsonObject("jwt").getString("appId"));
      // introspection of an unknown token with the app's credentials: inactive while they authenticate, refused
      // as ZITADEL refuses them (unauthorized_client) once replaced
      JsonObject regenerated = flow.getJsonObject("regenerated");
      assertThat(regenerated.getInteger("newStatus")).as(transport).isEqualTo(200);
      assertThat(regenerated.getBoolean("newActive")).isFalse();
      assertThat(regenerated.getInteger("oldStatus")).as(transport).isNotEqualTo(200);
      assertThat(regenerated.getString("oldError")).isEqualTo("unauthorized_client");
    }
  }

  @Test
  void keysAndPersonalAccessTokensAreAddedListedAndRemoved() {
    for (String transport : TRANSPORTS) {
      JsonObject flow = flow(transport);
      JsonObject key = flow.getJsonObject("key");
      assertThat(key.getString("type")).isEqualTo("serviceaccount");
      assertThat(key.getString("fileKeyId")).isEqualTo(key.getString("keyId"));
      assertThat(key.getString("fileUserId")).isEqualTo(flow.getString("userId"));
      assertThat(flow.getJsonArray("keys").getList()).containsExactly(key.getString("keyId"));
      assertThat(flow.getInteger("keysAfterRemove")).isZero();
      assertThat(flow.getJsonArray("pats").getList()).containsExactly(flow.getJsonObject("pat")
          .getString("tokenId"));
      assertThat(flow.getInteger("patsAfterRemove")).isZero();
      assertThat(flow.getJsonArray("orgIds").getList()).contains(acme.orgId(), flow.getString("newOrgId"));
    }
  }

  @Test
  void everyErrorRowHasItsConnectCode() {
    for (String transport : TRANSPORTS) {
      JsonObject errors = flow(transport).getJsonObject("errors");
      assertError(transport, errors.getJsonObject("duplicate"), "AlreadyExists", true);
      assertError(transport, errors.getJsonObject("emptyName"), "InvalidArgument", false);
      assertError(transport, errors.getJsonObject("longName"), "InvalidArgument", false);
      assertError(transport, errors.getJsonObject("unknownUser"), "NotFound", true);
      assertError(transport, errors.getJsonObject("foreignUser"), "NotFound", true);
      assertError(transport, errors.getJsonObject("unknownApp"), "NotFound", true);
      assertError(transport, errors.getJsonObject("missingToken"), "Unauthenticated", false);
      assertError(transport, errors.getJsonObject("permission"), "PermissionDenied", true);
      assertError(transport, errors.getJsonObject("noMembership"), "NotFound", true);
      assertThat(errors.getJsonObject("noMembership").getString("detailMessage")).isEqualTo("membership not found");
      if (!transport.equals("connect-json")) {
        // in binary, a field of ZITADEL's message that Keygate's messages lack; JSON's reading is the contract's
        assertError(transport, errors.getJsonObject("unserved"), "Unimplemented", false);
        assertThat(errors.getJsonObject("unserved").getString("message"))
            .isEqualTo("field 3 of zitadel.user.v2.CreateUserRequest.Human is not served by Keygate");
      }
      assertError(transport, flow(transport).getJsonObject("deleted"), "NotFound", true);
    }
    // the other instance's user is untouched and still its own
    assertThat(foreignUserId).matches("[0-9]{17,19}");
  }

  private static void assertError(String transport, JsonObject error, String code, boolean withDetail) {
    assertThat(error.getString("code")).as("%s %s", transport, error.encode()).isEqualTo(code);
    if (withDetail) {
      assertThat(error.getString("detailType")).as("%s %s", transport, error.encode())
          .isEqualTo("zitadel.v1.ErrorDetail");
      assertThat(error.getString("message")).isEqualTo(error.getString("detailMessage") + " ("
          + error.getString("detailId") + ")");
    } else {
      assertThat(error.getString("detailId")).as("%s %s", transport, error.encode()).isNull();
    }
  }

}
