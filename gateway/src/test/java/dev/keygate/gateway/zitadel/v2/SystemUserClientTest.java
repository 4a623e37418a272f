package dev.keygate.gateway.zitadel.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.KeygateConfig;
import dev.keygate.gateway.testing.ExternalTools;
import dev.keygate.gateway.testing.ExternalTools.Result;
import dev.keygate.gateway.testing.GatewayTest;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A ZITADEL system user as ZITADEL's own npm client makes one: {@code newSystemToken} of {@code @zitadel/client}
 * 1.3.1 signs the JWT with the user's private key, and its v1 system service client sends it over gRPC on h2c
 * (resources/zitadel-client/system-user.mjs). Keygate knows only the public key, from {@code KEYGATE_SYSTEM_USERS}.
 * Skipped, saying so, only when the npm registry cannot be reached.
 */
class SystemUserClientTest extends GatewayTest {

  private static final String USER = "sdk-system-user";

  private final KeyPair key = rsa();
  private Path privateKey;
  private JsonObject result;

  @Override
  protected JsonObject configuration() {
    String publicPem = pem("PUBLIC KEY", key.getPublic().getEncoded());
    return new JsonObject().put(KeygateConfig.SYSTEM_USERS, new JsonObject().put(USER, new JsonObject()
        .put("keyData", Base64.getEncoder().encodeToString(publicPem.getBytes(StandardCharsets.US_ASCII))))
        .encode());
  }

  // a first npm install may take minutes (ExternalTools allows it 10), more than a test method may
  @BeforeAll
  @Timeout(value = 14, unit = TimeUnit.MINUTES)
  void runTheClient() throws Exception {
    ZitadelClientTools.install();
    String script = ZitadelClientTools.script("system-user.mjs");
    privateKey = Files.createTempFile("system-user", ".pem");
    Files.writeString(privateKey, pem("PRIVATE KEY", key.getPrivate().getEncoded()));
    Result run = ExternalTools.run(List.of("node", script, http.base(), USER, privateKey.toString()),
        ZitadelClientTools.TOOLS, 180);
    assertThat(run.exitCode()).as("@zitadel/client against Keygate:%n%s", run.output()).isZero();
    String line = run.output().lines().filter(l -> l.startsWith("RESULT ")).findFirst()
        .orElseThrow(() -> new AssertionError("no RESULT line:\n" + run.output()));
    result = new JsonObject(line.substring("RESULT ".length()));
    assertThat(result.getString("failed")).as(run.output()).isNull();
  }

  @AfterAll
  void removeKey() throws Exception {
    if (privateKey != null) {
      Files.deleteIfExists(privateKey);
    }
  }

  @Test
  void theClientsTokenIsWhatZitadelsSystemUsersSend() {
    assertThat(result.getJsonObject("header").getString("alg")).isEqualTo("RS256");
    assertThat(result.getJsonObject("header").containsKey("kid")).isFalse();
    JsonObject claims = result.getJsonObject("claims");
    assertThat(claims.getString("iss")).isEqualTo(USER);
    assertThat(claims.getString("sub")).isEqualTo(USER);
    assertThat(claims.getString("aud")).isEqualTo(http.base());
    assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(3600);
  }

  @Test
  void itsSystemClientCreatesListsAndRemovesAnInstance() {
    String id = result.getString("instanceId");
    assertThat(id).matches("[0-9]{17,19}");
    assertThat(result.getJsonArray("listedIds").getList()).contains(id, acme.instanceId());
    assertThat(result.getJsonObject("afterRemove").getString("code")).isEqualTo("NotFound");
    assertThat(result.getInteger("v2Status")).isEqualTo(200);
  }

  @Test
  void aTokenForAnotherAudienceIsUnauthenticated() {
    JsonObject refused = result.getJsonObject("otherAudience");
    assertThat(refused.getString("code")).isEqualTo("Unauthenticated");
    assertThat(refused.getString("message")).isEqualTo("Errors.Token.Invalid (AUTH-7fs1e)");
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
