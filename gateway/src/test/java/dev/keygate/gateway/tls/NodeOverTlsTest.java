package dev.keygate.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.keygate.gateway.KeygateConfig;
import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.ExternalTools;
import dev.keygate.gateway.testing.ExternalTools.Result;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestCa;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node clients from npm against Keygate over {@code https://}, trusting the test's CA through
 * {@code NODE_EXTRA_CA_CERTS} (resources/tls/node-over-tls.mjs): ZITADEL's {@code @zitadel/client} over gRPC with
 * TLS and HTTP/2, connect-node's Connect JSON transport, and openid-client 6's discovery and client credentials grant.
 * The same script without the CA fails, so the certificate is really checked. Skipped, saying so, only when the npm
 * registry cannot be reached.
 */
@EveryStore
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeOverTlsTest {

  private static final List<String> PACKAGES = List.of(
      ExternalTools.pinned("@zitadel/client", "zitadel-client.version"),
      ExternalTools.pinned("@zitadel/proto", "zitadel-proto.version"),
      ExternalTools.pinned("@connectrpc/connect-node", "connectrpc-connect-node.version"),
      ExternalTools.pinned("@bufbuild/protobuf", "bufbuild-protobuf.version"),
      ExternalTools.pinned("openid-client", "openid-client.version"));
  private static final Path TOOLS = Path.of("target/tools-node-tls");

  @TempDir
  static Path dir;

  private TestCa ca;
  private TestGateway gateway;
  private Tenants.Tenant acme;
  private JsonObject trusted;
  private JsonObject untrusted;

  @BeforeAll
  @Timeout(value = 14, unit = TimeUnit.MINUTES)
  void runTheClients() throws Exception {
    if (!Files.isRegularFile(TOOLS.resolve("node_modules/openid-client/package.json"))
        || !Files.isRegularFile(TOOLS.resolve("node_modules/@zitadel/client/package.json"))) {
      Result install = ExternalTools.npmInstall(TOOLS, PACKAGES);
      assumeFalse(ExternalTools.registryUnreachable(install),
          () -> "SKIPPED: the npm registry is unreachable, so " + PACKAGES + " cannot be installed:\n"
              + install.output());
      assertThat(install.exitCode()).as("npm install %s:%n%s", PACKAGES, install.output()).isZero();
    }
    Path script = TOOLS.resolve("node-over-tls.mjs");
    try (InputStream in = getClass().getResourceAsStream("/tls/node-over-tls.mjs")) {
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    ca = TestCa.create(dir);
    TestCa.ServerCertificate certificate = ca.rsaPkcs1("server", 77);
    gateway = TestGateway.start(new JsonObject().put(KeygateConfig.TLS_CERT, certificate.cert().toString())
        .put(KeygateConfig.TLS_KEY, certificate.key().toString()));
    acme = new Tenants(Http.overTls(gateway.port(), ca.sslContext(), HttpClient.Version.HTTP_1_1)).create("acme");
    String base = "https://127.0.0.1:" + gateway.port();
    trusted = run(List.of("node", "node-over-tls.mjs", base, acme.pat(), acme.orgId()),
        Map.of("NODE_EXTRA_CA_CERTS", ca.caPem().toAbsolutePath().toString()));
    untrusted = run(List.of("node", "node-over-tls.mjs", base, acme.pat(), acme.orgId()), Map.of());
  }

  private static JsonObject run(List<String> command, Map<String, String> environment) throws Exception {
    Result run = ExternalTools.run(command, TOOLS, 120, environment);
    assertThat(run.exitCode()).as("node over TLS:%n%s", run.output()).isZero();
    String line = run.output().lines().filter(l -> l.startsWith("RESULT ")).findFirst()
        .orElseThrow(() -> new AssertionError("no RESULT line:\n" + run.output()));
    return new JsonObject(line.substring("RESULT ".length()));
  }

  @AfterAll
  void stopGateway() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void zitadelsClientCallsOverGrpcWithTls() {
    JsonObject grpc = trusted.getJsonObject("grpc");

    assertThat(grpc.getString("failed")).isNull();
    assertThat(grpc.getString("name")).isEqualTo("over-tls-grpc");
    assertThat(grpc.getString("projectId")).isNotBlank();
  }

  @Test
  void connectJsonAndOpenidClientWorkOverHttps() {
    assertThat(trusted.getJsonObject("connect").getString("failed")).isNull();
    assertThat(trusted.getJsonObject("connect").getString("clientSecret")).matches("[A-Za-z0-9]{64}");
    JsonObject oidc = trusted.getJsonObject("oidc");

    assertThat(oidc.getString("failed")).isNull();
    assertThat(oidc.getString("issuer")).isEqualTo("https://127.0.0.1:" + gateway.port());
    assertThat(oidc.getString("tokenEndpoint")).isEqualTo("https://127.0.0.1:" + gateway.port() + "/oauth/v2/token");
    assertThat(oidc.getString("tokenType")).isEqualToIgnoringCase("bearer");
    assertThat(oidc.getBoolean("hasAccessToken")).isTrue();
  }

  @Test
  void withoutTheCaTheClientsRefuseTheCertificate() {
    // Node's own words for a certificate no trusted CA signed; the server sends the leaf alone
    assertThat(untrusted.getJsonObject("grpc").getString("failed")).contains("UNABLE_TO_VERIFY_LEAF_SIGNATURE");
    assertThat(untrusted.getJsonObject("connect").getString("failed")).contains("UNABLE_TO_VERIFY_LEAF_SIGNATURE");
    assertThat(untrusted.getJsonObject("oidc")).as("no secret, so no OAuth attempt").isNull();
  }
}
