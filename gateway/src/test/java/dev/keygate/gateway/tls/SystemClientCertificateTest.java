package dev.keygate.gateway.tls;

import static dev.keygate.gateway.testing.ZitadelAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.KeygateConfig;
import dev.keygate.gateway.grpc.proto.system.CreateInstanceRequest;
import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.GrpcClient;
import dev.keygate.gateway.testing.GrpcClient.Reply;
import dev.keygate.gateway.testing.GrpcClient.Transport;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestCa;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code KEYGATE_SYSTEM_CLIENT_CA}: the system API (v1 REST, v1 gRPC, v2's InstanceService) wants a client
 * certificate of that CA beside its bearer; without one, or with one of another CA (which the test's client shows
 * anyway, so that the server's check is what refuses it), the answer is the wrong token's. The management API and
 * the pages do not care about client certificates. Three CAs made with openssl: the server's, the system clients'
 * and a stranger's.
 */
@EveryStore
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SystemClientCertificateTest {

  private static final String CREATE = "/system/v1/instances/_create";
  private static final String LIST_V2 = "/zitadel.instance.v2.InstanceService/ListInstances";
  private static final String PASSWORD = "client-pass";

  @TempDir
  static Path dir;

  private TestCa serverCa;
  private TestCa clientCa;
  private Path operator;
  private Path foreign;
  private TestGateway gateway;

  @BeforeAll
  void start() throws Exception {
    serverCa = TestCa.create(Files.createDirectories(dir.resolve("server")));
    clientCa = TestCa.create(Files.createDirectories(dir.resolve("clients")));
    TestCa stranger = TestCa.create(Files.createDirectories(dir.resolve("stranger")));
    TestCa.ServerCertificate server = serverCa.rsaPkcs1("server", 1);
    operator = clientCa.pkcs12(clientCa.client("operator", 2), PASSWORD);
    foreign = stranger.pkcs12(stranger.client("foreign", 3), PASSWORD);
    gateway = TestGateway.start(new JsonObject().put(KeygateConfig.TLS_CERT, server.cert().toString())
        .put(KeygateConfig.TLS_KEY, server.key().toString())
        .put(KeygateConfig.SYSTEM_CLIENT_CA, clientCa.caPem().toString()));
  }

  @AfterAll
  void stop() {
    gateway.close();
  }

  private Http showing(Path clientPkcs12, HttpClient.Version version) {
    return Http.overTls(gateway.port(), clientPkcs12 == null ? serverCa.sslContext()
        : serverCa.sslContext(clientPkcs12, PASSWORD), version);
  }

  private static JsonObject instance(String name) {
    return new JsonObject().put("instanceName", name)
        .put("machine", new JsonObject().put("userName", "admin").put("name", "Admin"));
  }

  @ParameterizedTest
  @EnumSource(HttpClient.Version.class)
  void withTheCertificateAndTheTokenTheSystemApiAnswers(HttpClient.Version version) {
    Http client = showing(operator, version);

    Response created = client.post(CREATE, TestGateway.SYSTEM_TOKEN, instance("mtls-" + version));

    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    Response read = client.get("/system/v1/instances/" + created.json().getString("instanceId"),
        TestGateway.SYSTEM_TOKEN);
    assertThat(read.json().getJsonObject("instance").getString("name")).isEqualTo("mtls-" + version);
    Response listed = client.send("POST", LIST_V2, Http.bearer(TestGateway.SYSTEM_TOKEN), "{}", "application/json");
    assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
  }

  @Test
  void aMissingOrForeignCertificateIsAWrongToken() {
    for (Path shown : new Path[] {null, foreign}) {
      Http client = showing(shown, HttpClient.Version.HTTP_1_1);

      assertError(client.post(CREATE, TestGateway.SYSTEM_TOKEN, instance("never")), 401, 16,
          "Errors.Token.Invalid", "AUTH-7fs1e");
      Response v2 = client.send("POST", LIST_V2, Http.bearer(TestGateway.SYSTEM_TOKEN), "{}", "application/json");
      assertThat(v2.status()).isEqualTo(401);
      assertThat(v2.json().getString("code")).isEqualTo("unauthenticated");
      assertThat(v2.json().getString("message")).isEqualTo("Errors.Token.Invalid (AUTH-7fs1e)");
    }
  }

  @Test
  void onlyTheMainPortAsksForAClientCertificate() throws Exception {
    SSLContext operatorsContext = serverCa.sslContext(operator, PASSWORD);
    try (SSLSocket main = TlsClients.connect(operatorsContext, gateway.port());
         SSLSocket management = TlsClients.connect(operatorsContext, gateway.managementPort());
         SSLSocket foreignToMain = TlsClients.connect(serverCa.sslContext(foreign, PASSWORD), gateway.port())) {
      // shown where asked: so the refusals above are the server's verdict on a certificate it was shown
      assertThat(main.getSession().getLocalCertificates()).isNotNull();
      assertThat(foreignToMain.getSession().getLocalCertificates()).isNotNull();
      assertThat(TlsClients.get(foreignToMain, "/healthz")).startsWith("HTTP/1.1 200");
      // the management port's probes and scrapers are never asked
      assertThat(management.getSession().getLocalCertificates()).isNull();
    }
  }

  @Test
  void theCertificateAloneIsNotEnough() {
    assertError(showing(operator, HttpClient.Version.HTTP_1_1).post(CREATE, "not-the-token", instance("never")),
        401, 16, "Errors.Token.Invalid", "AUTH-7fs1e");
  }

  @Test
  void theManagementApiAndThePagesIgnoreClientCertificates() {
    Tenants.Tenant acme = new Tenants(showing(operator, HttpClient.Version.HTTP_1_1)).create("acme");

    for (Path shown : new Path[] {null, foreign, operator}) {
      Http client = showing(shown, HttpClient.Version.HTTP_2);
      Response project = client.post("/management/v1/projects", acme.pat(), new JsonObject().put("name",
          "p-" + (shown == null ? "none" : shown.getFileName())));
      assertThat(project.status()).as(project.toString()).isEqualTo(200);
      assertThat(client.get("/healthz", null).status()).isEqualTo(200);
    }
  }

  @Test
  void grpcWantsTheCertificateToo() {
    CreateInstanceRequest request = CreateInstanceRequest.newBuilder().setInstanceName("grpc-mtls")
        .setMachine(CreateInstanceRequest.Machine.newBuilder().setUserName("owner").setName("Owner")).build();
    try (GrpcClient with = new GrpcClient(gateway.port(), serverCa.caPem(), operator, PASSWORD);
         GrpcClient without = new GrpcClient(gateway.port(), serverCa.caPem())) {
      for (Transport transport : Transport.values()) {
        Reply created = with.call(transport, "zitadel.system.v1.SystemService/CreateInstance", request,
            GrpcClient.bearer(TestGateway.SYSTEM_TOKEN));
        assertThat(created.code()).as(transport + ": " + created.message()).isZero();

        Reply refused = without.call(transport, "zitadel.system.v1.SystemService/CreateInstance", request,
            GrpcClient.bearer(TestGateway.SYSTEM_TOKEN));
        assertThat(refused.code()).as(transport.toString()).isEqualTo(16);
        assertThat(refused.message()).isEqualTo("Errors.Token.Invalid (AUTH-7fs1e)");
      }
    }
  }
}
