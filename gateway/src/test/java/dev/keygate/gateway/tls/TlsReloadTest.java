package dev.keygate.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.keygate.gateway.KeygateConfig;
import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Poll;
import dev.keygate.gateway.testing.TestCa;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The certificate is replaced on disk while Keygate runs ({@code KEYGATE_TLS_RELOAD_MS} short, so the test waits
 * milliseconds, polling what new connections are shown): a broken file is logged and changes nothing; the next
 * certificate reaches new connections, HTTP/2 still agreed by ALPN, while a connection opened before keeps working.
 */
@EveryStore
class TlsReloadTest {

  @TempDir
  Path dir;

  /** The WARN lines of the reload, as they are logged. */
  private static final class Warnings extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ServerTls.class);

    Warnings() {
      setContext(logger.getLoggerContext());
      start();
      logger.addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent event) {
      if (event.getLevel() == Level.WARN) {
        lines.add(event.getFormattedMessage());
      }
    }

    @Override
    public void close() {
      logger.detachAppender(this);
      stop();
    }
  }

  /** As deployment tools and Kubernetes do it: the new file appears at once, never half written. */
  private static void replace(Path target, byte[] content) throws Exception {
    Path next = target.resolveSibling(target.getFileName() + ".next");
    Files.write(next, content);
    Files.move(next, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void aNewCertificateReachesNewConnectionsWhileOpenOnesKeepTheirs() throws Exception {
    TestCa ca = TestCa.create(Files.createDirectories(dir.resolve("ca")));
    TestCa.ServerCertificate first = ca.rsaPkcs1("first", 1001);
    TestCa.ServerCertificate second = ca.ecPkcs8("second", 2002);
    Path cert = Files.createDirectories(dir.resolve("live")).resolve("tls.crt");
    Path key = dir.resolve("live").resolve("tls.key");
    Files.copy(first.cert(), cert);
    Files.copy(first.key(), key);

    try (Warnings warnings = new Warnings();
         TestGateway gateway = TestGateway.start(new JsonObject().put(KeygateConfig.TLS_CERT, cert.toString())
             .put(KeygateConfig.TLS_KEY, key.toString()).put(KeygateConfig.TLS_RELOAD_MS, 20)
             .put(KeygateConfig.MANAGEMENT_TLS, "off"));
         SSLSocket before = TlsClients.connect(ca.sslContext(), gateway.port())) {
      int port = gateway.port();
      assertThat(TlsClients.get(before, "/healthz")).startsWith("HTTP/1.1 200");
      assertThat(new Http(gateway.managementPort()).get("/health/live", null).status())
          .as("KEYGATE_MANAGEMENT_TLS=off: plain HTTP there").isEqualTo(200);

      // a broken key: one WARN without the file's content, and the certificate in use stays
      replace(key, "-----BEGIN PRIVATE KEY-----\nMIIBrokenKeyMaterial\n-----END PRIVATE KEY-----\n"
          .getBytes(StandardCharsets.US_ASCII));
      List<String> warned = Poll.until(Duration.ofSeconds(20), () -> List.copyOf(warnings.lines),
          lines -> !lines.isEmpty());
      assertThat(warned).singleElement().asString().contains("KEYGATE_TLS_KEY", key.toString(), "the one in use stays")
          .doesNotContain("MIIBroken");
      assertThat(TlsClients.servedSerial(ca.sslContext(), port)).isEqualTo(first.serial());

      // the next certificate, key first: the reload may see the new key with the old certificate in between
      replace(key, Files.readAllBytes(second.key()));
      replace(cert, Files.readAllBytes(second.cert()));
      BigInteger served = Poll.until(Duration.ofSeconds(30), () -> TlsClients.servedSerial(ca.sslContext(), port),
          serial -> serial.equals(second.serial()));
      assertThat(served).isEqualTo(second.serial());

      // the connection opened before the change keeps working, on the certificate it began with
      assertThat(TlsClients.get(before, "/healthz")).startsWith("HTTP/1.1 200").endsWith("{\"status\":\"UP\"}");
      assertThat(((X509Certificate) before.getSession().getPeerCertificates()[0]).getSerialNumber())
          .isEqualTo(first.serial());
      // a new connection gets HTTP/2 as before the reload
      HttpResponse<String> h2 = HttpClient.newBuilder().sslContext(ca.sslContext())
          .version(HttpClient.Version.HTTP_2).build()
          .send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/healthz")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(h2.statusCode()).isEqualTo(200);
      assertThat(h2.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(warnings.lines).allMatch(line -> !line.contains("BEGIN"), "no key material in a WARN");
    }
  }
}
