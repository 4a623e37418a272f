package dev.keygate.gateway.zitadel;

import static dev.keygate.gateway.testing.ZitadelAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.KeygateConfig;
import dev.keygate.gateway.grpc.proto.system.CreateInstanceRequest;
import dev.keygate.gateway.grpc.proto.system.CreateInstanceResponse;
import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.GrpcClient;
import dev.keygate.gateway.testing.GrpcClient.Reply;
import dev.keygate.gateway.testing.GrpcClient.Transport;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.TestClock;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ZITADEL's system users on Keygate's system API: JWTs signed with a configured user's RSA key, made here with the
 * JDK's crypto only, on v1 REST, v1 gRPC and v2's InstanceService; every way such a JWT can be wrong is the answer of
 * a wrong static token; the static token still works; a verified token kept in the cache dies at its {@code exp}.
 */
class SystemUsersTest extends GatewayTest {

  private static final String CREATE = "/system/v1/instances/_create";
  private static final String SEARCH = "/system/v1/instances/_search";
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private final TestClock clock = new TestClock();
  private final KeyPair inline = rsa();
  private final KeyPair fromFile = rsa();
  private final KeyPair stranger = rsa();
  private Path keyFile;

  @Override
  protected Clock clock() {
    return clock;
  }

  @Override
  protected JsonObject configuration() {
    try {
      keyFile = Files.createTempFile("system-user", ".pem");
      Files.writeString(keyFile, pem(fromFile));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    // as an operator writes it: keyData is base64 of the PEM file, path names such a file
    JsonObject users = new JsonObject()
        .put("sys-inline", new JsonObject().put("keyData",
            Base64.getEncoder().encodeToString(pem(inline).getBytes(StandardCharsets.UTF_8))))
        .put("sys-file", new JsonObject().put("path", keyFile.toString()));
    return new JsonObject().put(KeygateConfig.SYSTEM_USERS, users.encode());
  }

  @AfterAll
  void removeKeyFile() throws Exception {
    Files.deleteIfExists(keyFile);
  }

  private String issuer() {
    return http.base();
  }

  /** A token as ZITADEL's docs and {@code newSystemToken} make it: RS256, no kid, iss = sub, an hour. */
  private String token(String user, KeyPair key) {
    return rs256(new JsonObject().put("alg", "RS256"), claims(user, issuer(), 0, 3600), key.getPrivate());
  }

  private JsonObject claims(String user, Object audience, long iatOffset, long lifetime) {
    long iat = clock.instant().getEpochSecond() + iatOffset;
    return new JsonObject().put("iss", user).put("sub", user).put("aud", audience).put("iat", iat)
        .put("exp", iat + lifetime);
  }

  private static JsonObject instance(String name) {
    return new JsonObject().put("instanceName", name)
        .put("machine", new JsonObject().put("userName", "admin").put("name", "Admin"));
  }

  @Test
  void aSystemUsersJwtCreatesReadsAndListsInstances() {
    String token = token("sys-inline", inline);

    Response created = http.post(CREATE, token, instance("by-system-user"));

    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    String id = created.json().getString("instanceId");
    // the same token again: from the cache, as a load test would send it
    assertThat(http.get("/system/v1/instances/" + id, token).json().getJsonObject("instance").getString("name"))
        .isEqualTo("by-system-user");
    assertThat(http.post(SEARCH, token("sys-file", fromFile), new JsonObject()).status()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"GRPC_H2C", "WEB_HTTP1"})
  void aSystemUsersJwtCreatesAnInstanceOverGrpc(Transport transport) {
    try (GrpcClient grpc = new GrpcClient(gateway.port())) {
      Reply created = grpc.call(transport, "zitadel.system.v1.SystemService/CreateInstance",
          CreateInstanceRequest.newBuilder().setInstanceName("grpc-system-user-" + transport.ordinal())
              .setMachine(CreateInstanceRequest.Machine.newBuilder().setUserName("owner").setName("Owner")).build(),
          GrpcClient.bearer(token("sys-file", fromFile)));

      assertThat(created.code()).as(created.message()).isZero();
      String id = created.as(CreateInstanceResponse.parser()).getInstanceId();
      assertThat(http.get("/system/v1/instances/" + id, TestGateway.SYSTEM_TOKEN).status()).isEqualTo(200);

      Reply refused = grpc.call(transport, "zitadel.system.v1.SystemService/CreateInstance",
          CreateInstanceRequest.newBuilder().setInstanceName("never").build(),
          GrpcClient.bearer(token("sys-file", stranger)));
      assertThat(refused.code()).isEqualTo(16);
      assertThat(refused.message()).isEqualTo("Errors.Token.Invalid (AUTH-7fs1e)");
    }
  }

  @Test
  void v2InstanceServiceTakesASystemUsersJwt() {
    String procedure = "/zitadel.instance.v2.InstanceService/ListInstances";
    Map<String, String> headers = Http.bearer(token("sys-inline", inline));
    Response listed = http.send("POST", procedure, headers, "{}", "application/json");
    assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
    assertThat(listed.json().getJsonArray("instances")).isNotEmpty();

    Response refused = http.send("POST", procedure, Http.bearer(token("sys-inline", stranger)), "{}",
        "application/json");
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.json().getString("code")).isEqualTo("unauthenticated");
    assertThat(refused.json().getString("message")).isEqualTo("Errors.Token.Invalid (AUTH-7fs1e)");
  }

  @Test
  void theStaticTokenStillWorks() {
    assertThat(http.post(CREATE, TestGateway.SYSTEM_TOKEN, instance("by-static-token")).status()).isEqualTo(200);
  }

  @Test
  void everyWrongJwtIsAWrongToken() throws Exception {
    JsonObject rs256 = new JsonObject().put("alg", "RS256");
    PrivateKey key = inline.getPrivate();
    Map<String, String> wrong = new LinkedHashMap<>();
    wrong.put("another key", rs256(rs256, claims("sys-inline", issuer(), 0, 3600), stranger.getPrivate()));
    wrong.put("the other user's key", rs256(rs256, claims("sys-file", issuer(), 0, 3600), key));
    wrong.put("iss not sub", rs256(rs256, claims("sys-inline", issuer(), 0, 3600).put("iss", "sys-file"), key));
    wrong.put("sub not iss", rs256(rs256, claims("sys-inline", issuer(), 0, 3600).put("sub", "sys-file"), key));
    wrong.put("unknown user", rs256(rs256, claims("sys-nobody", issuer(), 0, 3600), key));
    wrong.put("expired", rs256(rs256, claims("sys-inline", issuer(), -3600, 3600), key));
    wrong.put("longer than an hour", rs256(rs256, claims("sys-inline", issuer(), 0, 3602), key));
    wrong.put("issued in the future", rs256(rs256, claims("sys-inline", issuer(), 60, 3600), key));
    wrong.put("no iat", rs256(rs256, claims("sys-inline", issuer(), 0, 3600).put("iat", null), key));
    wrong.put("another audience", rs256(rs256, claims("sys-inline", "http://localhost:1", 0, 3600), key));
    wrong.put("the token endpoint as audience",
        rs256(rs256, claims("sys-inline", issuer() + "/oauth/v2/token", 0, 3600), key));
    wrong.put("alg none", unsigned(new JsonObject().put("alg", "none"), claims("sys-inline", issuer(), 0, 3600)));
    wrong.put("HS256 with the public key as secret", hs256(claims("sys-inline", issuer(), 0, 3600),
        pem(inline).getBytes(StandardCharsets.UTF_8)));
    wrong.put("not a JWT", "a.b");

    for (Map.Entry<String, String> token : wrong.entrySet()) {
      Response response = http.post(CREATE, token.getValue(), instance("never"));
      assertThat(response.status()).as(token.getKey()).isEqualTo(401);
      assertError(response, 401, 16, "Errors.Token.Invalid", "AUTH-7fs1e");
    }
  }

  @Test
  void theAudienceMayEndInASlashOrBeOneOfSeveral() {
    JsonObject rs256 = new JsonObject().put("alg", "RS256");
    PrivateKey key = inline.getPrivate();
    assertThat(http.post(SEARCH, rs256(rs256, claims("sys-inline", issuer() + "/", 0, 3600), key), new JsonObject())
        .status()).isEqualTo(200);
    assertThat(http.post(SEARCH, rs256(rs256, claims("sys-inline", new JsonArray().add("other").add(issuer()), 0,
        3600), key), new JsonObject()).status()).isEqualTo(200);
    // an SDK that reads the clock twice makes an hour and a second; a kid is ignored, as ZITADEL ignores it
    assertThat(http.post(SEARCH, rs256(rs256.copy().put("kid", "any"), claims("sys-inline", issuer(), 0, 3601), key),
        new JsonObject()).status()).isEqualTo(200);
  }

  @Test
  void aTokenVerifiedForOneHostIsRefusedOnAnother() {
    String here = token("sys-inline", inline);
    String there = rs256(new JsonObject().put("alg", "RS256"),
        claims("sys-inline", "http://localhost:" + gateway.port(), 0, 3600), inline.getPrivate());
    assertThat(http.post(SEARCH, here, new JsonObject()).status()).isEqualTo(200);
    try (GrpcClient grpc = new GrpcClient(gateway.port())) {
      // the same gateway called as localhost: its issuer there is http://localhost:<port>
      assertThat(listOn(grpc, "localhost", here).code()).isEqualTo(16);
      assertThat(listOn(grpc, "localhost", there).code()).isZero();
      assertThat(listOn(grpc, "127.0.0.1", there).code()).isEqualTo(16);
    }
  }

  private static Reply listOn(GrpcClient grpc, String host, String token) {
    Map<String, String> metadata = GrpcClient.bearer(token);
    metadata.put(":authority", host);
    return grpc.call(Transport.GRPC_H2C, "zitadel.system.v1.SystemService/ListInstances",
        GrpcClient.frame(new byte[0]), metadata);
  }

  @Test
  void aCachedTokenDiesAtItsExpiry() {
    String token = rs256(new JsonObject().put("alg", "RS256"), claims("sys-inline", issuer(), 0, 30),
        inline.getPrivate());
    assertThat(http.post(SEARCH, token, new JsonObject()).status()).isEqualTo(200);
    assertThat(http.post(SEARCH, token, new JsonObject()).status()).isEqualTo(200);

    clock.advance(Duration.ofSeconds(30));

    assertError(http.post(SEARCH, token, new JsonObject()), 401, 16, "Errors.Token.Invalid", "AUTH-7fs1e");
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public key as {@code openssl rsa -pubout} writes it. */
  static String pem(KeyPair key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
            key.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  private static String signingInput(JsonObject header, JsonObject claims) {
    return URL.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
        + URL.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
  }

  static String rs256(JsonObject header, JsonObject claims, PrivateKey key) {
    try {
      String input = signingInput(header, claims);
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + URL.encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String unsigned(JsonObject header, JsonObject claims) {
    return signingInput(header, claims) + ".";
  }

  private static String hs256(JsonObject claims, byte[] secret) throws GeneralSecurityException {
    String input = signingInput(new JsonObject().put("alg", "HS256"), claims);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    return input + "." + URL.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
  }
}
