package dev.keygate.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.KeygateConfig;
import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Poll;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestCa;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code KEYGATE_TLS_PKCS12}: a keystore made with {@code openssl pkcs12 -export} at test time serves HTTPS to the
 * JDK's client trusting the test CA, HTTP/2 by ALPN as with PEM files, and a new keystore put in its place reaches
 * new connections, the system API's client certificates (KEYGATE_SYSTEM_CLIENT_CA) still asked for after the
 * reload. (Wrong passwords and both ways at once fail the start: TlsSettingsTest.)
 */
@EveryStore
class Pkcs12Test {

  @TempDir
  Path dir;

  @Test
  void aPkcs12KeystoreServesHttpsAndIsReloaded() throws Exception {
    TestCa ca = TestCa.create(dir);
    TestCa.ServerCertificate first = ca.rsaPkcs1("first", 301);
    TestCa.ServerCertificate second = ca.ecPkcs8("second", 302);
    Path keystore = dir.resolve("tls.p12");
    Files.copy(ca.pkcs12(first, "s3cret pass"), keystore);

    Path operator = ca.pkcs12(ca.client("operator", 303), "client-pass");

    try (TestGateway gateway = TestGateway.start(new JsonObject().put(KeygateConfig.TLS_PKCS12, keystore.toString())
        .put(KeygateConfig.TLS_PKCS12_PASSWORD, "s3cret pass").put(KeygateConfig.TLS_RELOAD_MS, 20)
        .put(KeygateConfig.SYSTEM_CLIENT_CA, ca.caPem().toString()))) {
      HttpResponse<String> health = HttpClient.newBuilder().sslContext(ca.sslContext())
          .version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(5)).build()
          .send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gateway.port() + "/healthz")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.version()).isEqualTo(HttpClient.Version.HTTP_2);
      Http https = Http.overTls(gateway.port(), ca.sslContext(), HttpClient.Version.HTTP_1_1);
      Tenants.Tenant acme = new Tenants(Http.overTls(gateway.port(), ca.sslContext(operator, "client-pass"),
          HttpClient.Version.HTTP_1_1)).create("acme");
      Response project = https.post("/management/v1/projects", acme.pat(), new JsonObject().put("name", "p12"));
      assertThat(project.status()).as(project.toString()).isEqualTo(200);
      assertThat(TlsClients.servedSerial(ca.sslContext(), gateway.port())).isEqualTo(first.serial());
      assertThat(TlsClients.servedSerial(ca.sslContext(), gateway.managementPort())).isEqualTo(first.serial());

      Path next = dir.resolve("tls.p12.next");
      Files.copy(ca.pkcs12(second, "s3cret pass"), next);
      Files.move(next, keystore, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      BigInteger served = Poll.until(Duration.ofSeconds(30), () -> TlsClients.servedSerial(ca.sslContext(),
          gateway.port()), serial -> serial.equals(second.serial()));
      assertThat(served).isEqualTo(second.serial());
      // the reloaded main port still asks for client certificates, and the system API still wants one
      assertThat(Http.overTls(gateway.port(), ca.sslContext(operator, "client-pass"), HttpClient.Version.HTTP_2)
          .post("/system/v1/instances/_search", TestGateway.SYSTEM_TOKEN, new JsonObject()).status()).isEqualTo(200);
      assertThat(Http.overTls(gateway.port(), ca.sslContext(), HttpClient.Version.HTTP_2)
          .post("/system/v1/instances/_search", TestGateway.SYSTEM_TOKEN, new JsonObject()).status()).isEqualTo(401);
    }
  }
}
