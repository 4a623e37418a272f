package dev.keygate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keygate.gateway.testing.TestCa;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS settings that cannot work fail the start before a port opens, with one line naming the setting: one file
 * without the other, a file that is missing or holds no certificate or key, a key of another certificate, a
 * management TLS that is neither on nor off. The certificates come from a CA made with openssl for the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsSettingsTest {

  @TempDir
  static Path dir;

  private final Vertx vertx = Vertx.vertx();
  private TestCa ca;
  private TestCa.ServerCertificate rsa;
  private TestCa.ServerCertificate ec;

  @BeforeAll
  void makeCertificates() {
    ca = TestCa.create(dir);
    rsa = ca.rsaPkcs1("rsa", 11);
    ec = ca.ecPkcs8("ec", 12);
  }

  @AfterAll
  void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private TlsSettings settings(JsonObject values) {
    return TlsSettings.of(vertx, new KeygateConfig(KeygateConfig.defaults().mergeIn(values)));
  }

  private static JsonObject files(Path cert, Path key) {
    return new JsonObject().put(KeygateConfig.TLS_CERT, cert.toString()).put(KeygateConfig.TLS_KEY, key.toString());
  }

  @Test
  void withoutFilesBothPortsArePlain() {
    TlsSettings plain = settings(new JsonObject());

    assertThat(plain.server()).isNull();
    assertThat(plain.managementServer()).isNull();
  }

  @Test
  void bothKeyFormatsAreReadAndTheManagementPortFollowsByDefault() {
    TlsSettings pkcs1 = settings(files(rsa.cert(), rsa.key()));
    TlsSettings pkcs8 = settings(files(ec.cert(), ec.key()).put(KeygateConfig.MANAGEMENT_TLS, "off"));

    assertThat(pkcs1.server().current().leaf().getSerialNumber()).isEqualTo(rsa.serial());
    assertThat(pkcs1.managementServer()).isSameAs(pkcs1.server());
    assertThat(pkcs1.reloadMs()).isEqualTo(5000);
    assertThat(pkcs8.server().current().leaf().getSerialNumber()).isEqualTo(ec.serial());
    assertThat(pkcs8.managementServer()).isNull();
    assertThat(pkcs8.server().current().toString()).doesNotContain("PRIVATE");
  }

  @Test
  void oneFileWithoutTheOtherNamesBoth() {
    assertThatThrownBy(() -> settings(new JsonObject().put(KeygateConfig.TLS_CERT, rsa.cert().toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("KEYGATE_TLS_CERT is set but KEYGATE_TLS_KEY is not");
    assertThatThrownBy(() -> settings(new JsonObject().put(KeygateConfig.TLS_KEY, rsa.key().toString())))
        .hasMessageStartingWith("KEYGATE_TLS_KEY is set but KEYGATE_TLS_CERT is not");
  }

  @Test
  void unreadableFilesNameTheirSetting() throws Exception {
    Path missing = dir.resolve("missing.pem");
    Path notPem = dir.resolve("not.pem");
    Files.writeString(notPem, "hello\n");

    assertThatThrownBy(() -> settings(files(missing, rsa.key())))
        .hasMessage("KEYGATE_TLS_CERT: no such file " + missing);
    assertThatThrownBy(() -> settings(files(notPem, rsa.key())))
        .hasMessage("KEYGATE_TLS_CERT: " + notPem + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    assertThatThrownBy(() -> settings(files(rsa.cert(), notPem)))
        .hasMessageStartingWith("KEYGATE_TLS_KEY: " + notPem + " holds no PKCS#8");
    // the certificate as the key: a PEM file, but not a key
    assertThatThrownBy(() -> settings(files(rsa.cert(), rsa.cert())))
        .hasMessageStartingWith("KEYGATE_TLS_KEY: " + rsa.cert() + " holds no PKCS#8");
  }

  @Test
  void aKeyOfAnotherCertificateIsRefusedWithoutShowingIt() throws Exception {
    String otherKey = Files.readString(ec.key(), StandardCharsets.US_ASCII);
    String body = otherKey.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();

    assertThatThrownBy(() -> settings(files(rsa.cert(), ec.key())))
        .hasMessageStartingWith("KEYGATE_TLS_KEY (" + ec.key() + ") is not the key of the certificate in "
            + "KEYGATE_TLS_CERT (" + rsa.cert())
        .message().doesNotContain(body);
  }

  @Test
  void managementTlsIsOnOrOffAndNeedsTheFiles() {
    assertThatThrownBy(() -> settings(files(rsa.cert(), rsa.key()).put(KeygateConfig.MANAGEMENT_TLS, "yes")))
        .hasMessage("KEYGATE_MANAGEMENT_TLS must be on or off, was 'yes'");
    assertThatThrownBy(() -> settings(new JsonObject().put(KeygateConfig.MANAGEMENT_TLS, "on")))
        .hasMessageStartingWith("KEYGATE_MANAGEMENT_TLS is on but KEYGATE_TLS_CERT and KEYGATE_TLS_KEY are not set");
  }

  @Test
  void aPkcs12FileIsReadWithItsPassword() {
    TlsSettings pkcs12 = settings(new JsonObject().put(KeygateConfig.TLS_PKCS12, ca.pkcs12(rsa, "p12-pass").toString())
        .put(KeygateConfig.TLS_PKCS12_PASSWORD, "p12-pass"));

    assertThat(pkcs12.server().current().leaf().getSerialNumber()).isEqualTo(rsa.serial());
    assertThat(pkcs12.server().current().chain()).hasSize(2);
    assertThat(pkcs12.server().current().toString()).doesNotContain("PRIVATE").doesNotContain("p12-pass");
  }

  @Test
  void aWrongPasswordOrAnUnreadableKeystoreNamesTheSettingNeverThePassword() throws Exception {
    Path keystore = ca.pkcs12(ec, "right-password");
    Path notPkcs12 = dir.resolve("not.p12");
    Files.writeString(notPkcs12, "hello\n");

    assertThatThrownBy(() -> settings(new JsonObject().put(KeygateConfig.TLS_PKCS12, keystore.toString())
        .put(KeygateConfig.TLS_PKCS12_PASSWORD, "wrong-password")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("KEYGATE_TLS_PKCS12: " + keystore + " does not open with the password in "
            + "KEYGATE_TLS_PKCS12_PASSWORD (wrong password)")
        .message().doesNotContain("wrong-password").doesNotContain("right-password");
    assertThatThrownBy(() -> settings(new JsonObject().put(KeygateConfig.TLS_PKCS12, keystore.toString())))
        .hasMessageContaining("(wrong password)");
    assertThatThrownBy(() -> settings(new JsonObject().put(KeygateConfig.TLS_PKCS12, notPkcs12.toString())
        .put(KeygateConfig.TLS_PKCS12_PASSWORD, "right-password")))
        .hasMessageStartingWith("KEYGATE_TLS_PKCS12: " + notPkcs12 + " is not a PKCS#12 keystore");
    assertThatThrownBy(() -> settings(new JsonObject().put(KeygateConfig.TLS_PKCS12, dir.resolve("gone.p12")
        .toString()))).hasMessage("KEYGATE_TLS_PKCS12: no such file " + dir.resolve("gone.p12"));
  }

  @Test
  void theCertificateIsGivenOneWayOnly() {
    String keystore = ca.pkcs12(rsa, "pass").toString();

    assertThatThrownBy(() -> settings(files(rsa.cert(), rsa.key()).put(KeygateConfig.TLS_PKCS12, keystore)))
        .hasMessageStartingWith("KEYGATE_TLS_PKCS12 and KEYGATE_TLS_CERT are both set");
    assertThatThrownBy(() -> settings(new JsonObject().put(KeygateConfig.TLS_PKCS12_PASSWORD, "pass")))
        .hasMessageStartingWith("KEYGATE_TLS_PKCS12_PASSWORD is set but KEYGATE_TLS_PKCS12 is not");
  }

  @Test
  void clientCertificatesNeedTlsAndAReadableCa() throws Exception {
    assertThatThrownBy(() -> settings(new JsonObject().put(KeygateConfig.SYSTEM_CLIENT_CA, ca.caPem().toString())))
        .hasMessageStartingWith("KEYGATE_SYSTEM_CLIENT_CA is set but the main port has no TLS");
    Path notPem = dir.resolve("not-a-ca.pem");
    Files.writeString(notPem, "hello\n");
    assertThatThrownBy(() -> settings(files(rsa.cert(), rsa.key()).put(KeygateConfig.SYSTEM_CLIENT_CA,
        notPem.toString())))
        .hasMessage("KEYGATE_SYSTEM_CLIENT_CA: " + notPem + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");

    TlsSettings mtls = settings(files(rsa.cert(), rsa.key()).put(KeygateConfig.SYSTEM_CLIENT_CA,
        ca.caPem().toString()));
    assertThat(mtls.server().clientCertificates().authorities()).hasSize(1);
  }

  @Test
  void mainPrintsTheReasonInOneLineWithoutAStackTrace() throws Exception {
    Process process = ChildJvm.start(Main.class.getName(), Map.of("KEYGATE_TLS_CERT", rsa.cert().toString(),
        "KEYGATE_TLS_KEY", ec.key().toString(), "KEYGATE_HTTP_PORT", "0"), List.of(), List.of());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.exitValue()).as(output).isEqualTo(1);
    assertThat(output).contains("Keygate failed to start: KEYGATE_TLS_KEY (" + ec.key() + ") is not the key of the "
        + "certificate in KEYGATE_TLS_CERT").doesNotContain("\tat ").doesNotContain("Exception");
  }
}
