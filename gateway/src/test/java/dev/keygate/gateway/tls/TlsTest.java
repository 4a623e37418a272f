package dev.keygate.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keygate.gateway.KeygateConfig;
import dev.keygate.gateway.grpc.proto.management.AddProjectRequest;
import dev.keygate.gateway.grpc.proto.management.AddProjectResponse;
import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.GrpcClient;
import dev.keygate.gateway.testing.GrpcClient.Reply;
import dev.keygate.gateway.testing.GrpcClient.Transport;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestCa;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Keygate with {@code KEYGATE_TLS_CERT} and {@code KEYGATE_TLS_KEY} (an RSA certificate with a PKCS#1 key, from a CA
 * made with openssl for the test): REST in HTTP/1.1 and HTTP/2, the OAuth grant, ZITADEL's v1 calls, gRPC and
 * gRPC-Web all over TLS; no clear-text answer on the port; TLS 1.1 refused; HSTS on the pages; the management port
 * on the same certificate.
 */
@EveryStore
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsTest {

  @TempDir
  static Path dir;

  private TestCa ca;
  private TestCa.ServerCertificate certificate;
  private TestGateway gateway;
  private Http https;
  private Tenants.Tenant acme;

  @BeforeAll
  void startOverTls() {
    ca = TestCa.create(dir);
    certificate = ca.rsaPkcs1("server", 0x5eed);
    gateway = TestGateway.start(new JsonObject().put(KeygateConfig.TLS_CERT, certificate.cert().toString())
        .put(KeygateConfig.TLS_KEY, certificate.key().toString()));
    https = Http.overTls(gateway.port(), ca.sslContext(), HttpClient.Version.HTTP_1_1);
    acme = new Tenants(https).create("acme");
  }

  @AfterAll
  void stopGateway() {
    gateway.close();
  }

  private HttpResponse<String> jdkGet(int port, String path, HttpClient.Version version) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(ca.sslContext()).version(version)
        .connectTimeout(Duration.ofSeconds(5)).build();
    return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @EnumSource(value = HttpClient.Version.class)
  void restAnswersOverTlsInBothHttpVersions(HttpClient.Version version) throws Exception {
    HttpResponse<String> health = jdkGet(gateway.port(), "/healthz", version);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.version()).isEqualTo(version);

    Http client = Http.overTls(gateway.port(), ca.sslContext(), version);
    Response created = client.post("/management/v1/projects", acme.pat(), new JsonObject().put("name",
        "over-tls-" + version));
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    Response read = client.get("/management/v1/projects/" + created.json().getString("id"), acme.pat());
    assertThat(read.status()).as(read.toString()).isEqualTo(200);
    assertThat(read.json().getJsonObject("project").getString("name")).isEqualTo("over-tls-" + version);
  }

  @Test
  void theOauthGrantWorksOverTlsAndItsIssuerIsHttps() {
    String issuer = "https://127.0.0.1:" + gateway.port();
    Response discovery = https.get("/.well-known/openid-configuration", null);
    assertThat(discovery.json().getString("issuer")).isEqualTo(issuer);
    assertThat(discovery.json().getString("token_endpoint")).isEqualTo(issuer + "/oauth/v2/token");

    Tenants tenants = new Tenants(https);
    String userId = tenants.machineUser(acme, "tls-bot");
    assertThat(https.post("/management/v1/orgs/me/members", acme.pat(), new JsonObject().put("userId", userId)
        .put("roles", new JsonArray().add("ORG_OWNER"))).status()).isEqualTo(200);
    JsonObject secret = https.put("/management/v1/users/" + userId + "/secret", acme.pat(), new JsonObject()).json();
    Response token = https.form("/oauth/v2/token", Http.basic(secret.getString("clientId"),
        secret.getString("clientSecret")), Map.of("grant_type", "client_credentials", "scope", "openid"));
    assertThat(token.status()).as(token.toString()).isEqualTo(200);

    // the access token works on the management API like a PAT, over TLS too
    Response search = https.post("/management/v1/projects/_search", token.json().getString("access_token"),
        new JsonObject());
    assertThat(search.status()).as(search.toString()).isEqualTo(200);
  }

  @Test
  void plainHttpOnTheTlsPortGetsNoAnswerInClear() throws Exception {
    byte[] answer;
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // until the server closes the connection (a timeout here fails the test: the server must not wait)
      answer = socket.getInputStream().readAllBytes();
    }
    assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/").doesNotContain("UP");

    HttpClient clear = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    assertThatThrownBy(() -> clear.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
        + "/healthz")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }

  /** openssl's client, which can still offer TLS 1.1 (at security level 0), so that the refusal is the server's. */
  private String sClient(String protocol) throws Exception {
    Process process = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + gateway.port(),
        "-servername", "localhost", "-CAfile", ca.caPem().toString(), protocol, "-cipher", "DEFAULT@SECLEVEL=0")
        .redirectErrorStream(true).redirectInput(new File("/dev/null")).start();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return output + "\nexit " + process.exitValue();
  }

  @Test
  void onlyTls12And13AreSpoken() throws Exception {
    String tls11 = sClient("-tls1_1");
    String tls12 = sClient("-tls1_2");
    String tls13 = sClient("-tls1_3");

    // the server's alert, not a client that would not try
    assertThat(tls11).contains("alert protocol version").doesNotContain("BEGIN CERTIFICATE").endsWith("exit 1");
    assertThat(tls12).contains("New, TLSv1.2, Cipher is").contains("Verify return code: 0 (ok)");
    assertThat(tls13).contains("New, TLSv1.3, Cipher is").contains("Verify return code: 0 (ok)");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void grpcAndGrpcWebWorkOverTls(Transport transport) {
    try (GrpcClient grpc = new GrpcClient(gateway.port(), ca.caPem())) {
      Reply created = grpc.call(transport, "zitadel.management.v1.ManagementService/AddProject",
          AddProjectRequest.newBuilder().setName("grpc-tls-" + transport).build(), GrpcClient.bearer(acme.pat()));

      assertThat(created.code()).as(created.message()).isZero();
      assertThat(created.version()).isEqualTo(transport == Transport.WEB_HTTP1 ? HttpVersion.HTTP_1_1
          : HttpVersion.HTTP_2);
      String id = created.as(AddProjectResponse.parser()).getId();
      assertThat(https.get("/management/v1/projects/" + id, acme.pat()).json().getJsonObject("project")
          .getString("name")).isEqualTo("grpc-tls-" + transport);
      Reply unauthenticated = grpc.call(transport, "zitadel.management.v1.ManagementService/AddProject",
          AddProjectRequest.newBuilder().setName("nobody").build(), GrpcClient.bearer("not-a-token"));
      assertThat(unauthenticated.code()).isEqualTo(16);
    }
  }

  @Test
  void thePagesForPeopleAskBrowsersToStayOnHttps() {
    for (String path : List.of("/", "/docs", "/docs/")) {
      Response page = https.send("GET", path, Map.of("accept", "text/html"), null, null);
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.header("strict-transport-security")).as(path).isEqualTo("max-age=31536000");
    }
  }

  @Test
  void theManagementPortServesTheSameCertificate() throws Exception {
    HttpResponse<String> live = jdkGet(gateway.managementPort(), "/health/live", HttpClient.Version.HTTP_1_1);

    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(TlsClients.servedSerial(ca.sslContext(), gateway.managementPort())).isEqualTo(certificate.serial());
    assertThat(TlsClients.servedSerial(ca.sslContext(), gateway.port())).isEqualTo(certificate.serial());
  }
}
