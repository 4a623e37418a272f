package dev.keygate.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.ExternalTools;
import dev.keygate.gateway.testing.ExternalTools.Result;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ZITADEL's own Node SDK, {@code @zitadel/node} from npm (installed here at test time, never vendored), drives
 * Keygate over gRPC on h2c: system CreateInstance with a machine owner, PAT and key; projects, API apps of both
 * kinds, a machine user with secret, PAT and key; the service account's own login (discovery, jwt-bearer); the error
 * rows as gRPC statuses. The credentials it received then work at Keygate's OAuth endpoints. Skipped, saying so,
 * only when the npm registry cannot be reached.
 */
@EveryStore
class GrpcNodeSdkTest {

  // 3.0.28 imports @bufbuild/protobuf without declaring it, so it is installed beside it
  private static final List<String> PACKAGES = List.of(
      ExternalTools.pinned("@zitadel/node", "zitadel-node.version"),
      ExternalTools.pinned("@bufbuild/protobuf", "bufbuild-protobuf.version"));
  private static final Path TOOLS = Path.of(System.getProperty("zitadel-node.dir", "target/tools-zitadel-node"));

  private static Path modules;

  // a first npm install may take minutes (ExternalTools allows it 10), more than a test method may
  @BeforeAll
  @Timeout(value = 12, unit = TimeUnit.MINUTES)
  static void install() throws Exception {
    modules = installSdk();
  }

  /** The node_modules directory holding the SDK; installs it on first use. */
  private static Path installSdk() throws Exception {
    Path modules = TOOLS.resolve("node_modules").toAbsolutePath();
    if (Files.isRegularFile(modules.resolve("@zitadel/node/dist/api/index.js"))
        && Files.isDirectory(modules.resolve("@bufbuild/protobuf"))) {
      return modules;
    }
    Result install = ExternalTools.npmInstall(TOOLS, PACKAGES);
    assumeFalse(ExternalTools.registryUnreachable(install),
        () -> "SKIPPED: the npm registry is unreachable, so " + PACKAGES + " cannot be installed:\n"
            + install.output());
    assertThat(install.exitCode()).as("npm install %s:%n%s", PACKAGES, install.output()).isZero();
    return modules;
  }

  private static Path script() throws IOException {
    Path script = Files.createTempFile("zitadel-node-sdk", ".mjs");
    try (var in = GrpcNodeSdkTest.class.getResourceAsStream("/zitadel-node/sdk-e2e.mjs")) {
      Files.write(script, in.readAllBytes());
    }
    return script;
  }

  @Test
  void zitadelsNodeSdkCreatesAnInstanceAndCredentialsThatWork() throws Exception {
    try (TestGateway gateway = TestGateway.start()) {
      Http http = gateway.http();
      Result sdk = ExternalTools.run(List.of("node", script().toString(), modules.toString(), "127.0.0.1:"
          + gateway.port(),
          http.base(), TestGateway.SYSTEM_TOKEN), TOOLS, 180);

      assertThat(sdk.exitCode()).as("@zitadel/node against Keygate:%n%s", sdk.output()).isZero();
      String line = sdk.output().lines().filter(l -> l.startsWith("SDK_RESULT ")).findFirst().orElseThrow();
      JsonObject result = new JsonObject(line.substring("SDK_RESULT ".length()));

      JsonObject basic = result.getJsonObject("basic");
      assertThat(basic.getString("clientSecret")).matches("[A-Za-z0-9]{64}");
      assertThat(basic.getString("resourceOwner")).isEqualTo(result.getString("orgId"));
      assertThat(result.getJsonObject("jwt").getString("clientSecret")).isEmpty();
      JsonObject read = result.getJsonObject("read");
      assertThat(read.getString("name")).isEqualTo("sdk-jwt");
      assertThat(read.getInteger("authMethodType")).isEqualTo(1);
      assertThat(read.getInteger("state")).isEqualTo(1);
      assertThat(read.getString("clientId")).isEqualTo(result.getJsonObject("jwt").getString("clientId"));
      assertThat(result.getJsonObject("listed").getString("total")).isEqualTo("2");
      assertThat(result.getJsonObject("listed").getJsonArray("ids").stream().map(String::valueOf).toList())
          .containsExactlyInAnyOrder(basic.getString("appId"), result.getJsonObject("jwt").getString("appId"));
      assertThat(result.getJsonObject("pat").getBoolean("works")).isTrue();
      assertThat(result.getJsonObject("machineKey").getInteger("bytes")).isGreaterThan(1000);
      assertThat(result.getJsonObject("serviceAccount").getString("total")).isEqualTo("2");

      // the same state through REST, with the service account's access token as bearer: sequence and owner agree
      Response restApp = http.get("/management/v1/projects/" + result.getString("projectId") + "/apps/"
          + basic.getString("appId"), result.getJsonObject("serviceAccount").getString("token"));
      assertThat(restApp.status()).as(restApp.toString()).isEqualTo(200);
      JsonObject restDetails = restApp.json().getJsonObject("app").getJsonObject("details");
      assertThat(restDetails.getString("sequence")).isEqualTo(basic.getString("sequence"));
      assertThat(restDetails.getString("resourceOwner")).isEqualTo(basic.getString("resourceOwner"));

      JsonObject errors = result.getJsonObject("errors");
      assertError(errors.getJsonObject("duplicate"), 6, true);
      assertThat(errors.getJsonObject("duplicate").getString("detailType"))
          .isEqualTo("type.googleapis.com/zitadel.v1.ErrorDetail");
      assertError(errors.getJsonObject("emptyName"), 3, false);
      assertThat(errors.getJsonObject("emptyName").getString("message"))
          .isEqualTo("invalid AddAPIAppRequest.Name: value length must be between 1 and 200 runes, inclusive");
      assertError(errors.getJsonObject("longName"), 3, false);
      assertError(errors.getJsonObject("unknownProject"), 9, true);
      assertError(errors.getJsonObject("foreignInstance"), 9, true);
      assertError(errors.getJsonObject("otherInstanceHost"), 16, true);
      assertError(errors.getJsonObject("missingToken"), 16, false);
      assertThat(errors.getJsonObject("missingToken").getString("message")).isEqualTo("auth header missing");
      assertError(errors.getJsonObject("permission"), 7, true);

      // the credentials received over gRPC authenticate at the OAuth endpoints
      JsonObject machine = result.getJsonObject("machine");
      // (the token names the project's audience, so the project's API app may introspect it, as in ZITADEL)
      Response token = http.form("/oauth/v2/token", Http.basic(machine.getString("clientId"),
          machine.getString("clientSecret")), Map.of("grant_type", "client_credentials",
          "scope", "openid urn:zitadel:iam:org:project:id:" + result.getString("projectId") + ":aud"));
      assertThat(token.status()).as(token.toString()).isEqualTo(200);
      Response introspected = http.form("/oauth/v2/introspect", Http.basic(basic.getString("clientId"),
          basic.getString("clientSecret")), Map.of("token", token.json().getString("access_token")));
      assertThat(introspected.status()).as(introspected.toString()).isEqualTo(200);
      assertThat(introspected.json().getBoolean("active")).as(introspected.toString()).isTrue();
      assertThat(introspected.json().getString("sub")).isEqualTo(machine.getString("userId"));
    }
  }

  private static void assertError(JsonObject error, int code, boolean withDetail) {
    assertThat(error.getInteger("code")).as(error.encode()).isEqualTo(code);
    if (withDetail) {
      assertThat(error.getString("detailId")).as(error.encode()).isNotBlank();
      assertThat(error.getString("message")).isEqualTo(error.getString("detailMessage") + " ("
          + error.getString("detailId") + ")");
    } else {
      assertThat(error.getString("detailId")).as(error.encode()).isNull();
    }
  }
}
