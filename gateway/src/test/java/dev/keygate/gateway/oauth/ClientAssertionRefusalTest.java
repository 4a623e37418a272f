package dev.keygate.gateway.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Jwts;
import dev.keygate.gateway.testing.Response;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Assertions a client must not get through with, at the token endpoint (jwt-bearer: {@code invalid_grant} and its
 * reason) and at introspection (private_key_jwt: {@code unauthorized_client}, no reason): forged algorithms, a
 * lifetime that does not include now, another client's key, a tampered signature. The answers are pinned word for
 * word: whatever checks the signature, the wire says the same.
 */
class ClientAssertionRefusalTest extends GatewayTest {

  private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  /** A key file's key id and private key, and the public key as Keygate stored it. */
  private record ClientKey(String keyId, PrivateKey privateKey, String publicKeyPem) {

    String sign(String alg, String jcaAlgorithm, JsonObject claims) {
      String signingInput = signingInput(alg, claims);
      try {
        Signature signature = Signature.getInstance(jcaAlgorithm);
        signature.initSign(privateKey);
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + URL.encodeToString(signature.sign());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    String rs256(JsonObject claims) {
      return sign("RS256", "SHA256withRSA", claims);
    }

    String unsigned(JsonObject claims) {
      return signingInput("none", claims) + ".";
    }

    /** HS256 with the public key Keygate holds, as the PEM text it stored, for the HMAC secret. */
    String hs256WithThePublicKey(JsonObject claims) {
      String signingInput = signingInput("HS256", claims);
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(publicKeyPem.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
        return signingInput + "." + URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    private String signingInput(String alg, JsonObject claims) {
      String header = new JsonObject().put("alg", alg).put("kid", keyId).put("typ", "JWT").encode();
      return URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
          + URL.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    }

    ClientKey withKeyOf(ClientKey other) {
      return new ClientKey(keyId, other.privateKey(), other.publicKeyPem());
    }
  }

  private static ClientKey clientKey(Response created) {
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    JsonObject file = new JsonObject(new String(Base64.getDecoder().decode(created.json().getString("keyDetails")),
        StandardCharsets.UTF_8));
    try {
      RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) Jwts.rsaPrivateKey(file.getString("key"));
      byte[] publicKey = KeyFactory.getInstance("RSA").generatePublic(
          new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent())).getEncoded();
      // the PEM exactly as Keygate writes it when it creates the key
      String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
          .encodeToString(publicKey) + "\n-----END PUBLIC KEY-----\n";
      return new ClientKey(file.getString("keyId"), privateKey, pem);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private ClientKey machineKey(String userId) {
    return clientKey(http.post("/management/v1/users/" + userId + "/keys", acme.pat(),
        new JsonObject().put("type", "KEY_TYPE_JSON")));
  }

  /** A PRIVATE_KEY_JWT app of the project, its client id and a key of it. */
  private Map.Entry<String, ClientKey> privateKeyJwtApp(String projectId, String name) {
    Response app = http.post("/management/v1/projects/" + projectId + "/apps/api", acme.pat(), new JsonObject()
        .put("name", name).put("authMethodType", "API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT"));
    assertThat(app.status()).as(app.toString()).isEqualTo(200);
    ClientKey key = clientKey(http.post("/management/v1/projects/" + projectId + "/apps/"
        + app.json().getString("appId") + "/keys", acme.pat(), new JsonObject().put("type", "KEY_TYPE_JSON")));
    return Map.entry(app.json().getString("clientId"), key);
  }

  private static JsonObject claims(String subject, String audience, long iatFromNow, long expFromNow) {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject().put("iss", subject).put("sub", subject).put("aud", audience).put("iat", now + iatFromNow)
        .put("exp", now + expFromNow);
  }

  /** The same JWT with the first character of its signature changed. */
  private static String tamperedSignature(String jwt) {
    int signature = jwt.lastIndexOf('.') + 1;
    return jwt.substring(0, signature) + (jwt.charAt(signature) == 'A' ? 'B' : 'A') + jwt.substring(signature + 1);
  }

  private Response jwtBearer(String assertion) {
    return http.form("/oauth/v2/token", Map.of(), Map.of("grant_type", JWT_BEARER, "assertion", assertion,
        "scope", "openid"));
  }

  /** The answer to a refused jwt-bearer grant: invalid_grant, with this reason. */
  private void refusedGrant(String assertion, String reason) {
    Response response = jwtBearer(assertion);
    assertThat(response.status()).as(response.toString()).isEqualTo(400);
    assertThat(response.json()).as(response.toString())
        .isEqualTo(new JsonObject().put("error", "invalid_grant").put("error_description", reason));
  }

  private Response introspect(String assertion) {
    return http.form("/oauth/v2/introspect", Map.of(), Map.of("client_assertion_type", ASSERTION_TYPE,
        "client_assertion", assertion, "token", "any-token"));
  }

  private void refusedClient(String assertion) {
    Response response = introspect(assertion);
    assertThat(response.status()).as(response.toString()).isEqualTo(400);
    assertThat(response.json()).as(response.toString()).isEqualTo(new JsonObject()
        .put("error", "unauthorized_client").put("error_description", "client authentication failed"));
  }

  @Test
  void theJwtBearerGrantRefusesForgedAlgorithmsAndWrongKeys() {
    String issuer = http.base();
    String userId = gateway.tenants().machineUser(acme, "assertion-forger");
    ClientKey key = machineKey(userId);
    ClientKey othersKey = machineKey(gateway.tenants().machineUser(acme, "assertion-other"));
    JsonObject good = claims(userId, issuer, 0, 300);

    refusedGrant(key.unsigned(good), "the assertion must be signed with RS256");
    refusedGrant(key.hs256WithThePublicKey(good), "the assertion must be signed with RS256");
    refusedGrant(key.sign("RS512", "SHA512withRSA", good), "the assertion must be signed with RS256");
    refusedGrant(key.withKeyOf(othersKey).rs256(good), "the assertion's signature is invalid");
    refusedGrant(tamperedSignature(key.rs256(good)), "the assertion's signature is invalid");
    // another machine user's assertion, signed with this user's key under its key id
    String otherUser = gateway.tenants().machineUser(acme, "assertion-victim");
    refusedGrant(key.rs256(claims(otherUser, issuer, 0, 300)), "iss and sub must both be " + userId);

    assertThat(jwtBearer(key.rs256(good)).status()).isEqualTo(200);
  }

  @Test
  void theJwtBearerGrantRefusesAnAssertionWhoseLifetimeDoesNotIncludeNow() {
    String issuer = http.base();
    String userId = gateway.tenants().machineUser(acme, "assertion-timer");
    ClientKey key = machineKey(userId);

    refusedGrant(key.rs256(claims(userId, issuer, -3000, -120)), "the assertion has expired");
    refusedGrant(key.rs256(claims(userId, issuer, 600, 900)), "the assertion may live at most one hour from its iat");
    assertThat(jwtBearer(key.rs256(claims(userId, issuer, -3000, 30))).status()).isEqualTo(200);
  }

  @Test
  void privateKeyJwtRefusesForgedAlgorithmsAnotherAppsKeyAndAnAssertionOutOfItsLifetime() {
    String issuer = http.base();
    String projectId = gateway.tenants().project(acme, "assertion-refusals");
    Map.Entry<String, ClientKey> app = privateKeyJwtApp(projectId, "checked-app");
    Map.Entry<String, ClientKey> otherApp = privateKeyJwtApp(projectId, "other-app");
    String clientId = app.getKey();
    ClientKey key = app.getValue();
    JsonObject good = claims(clientId, issuer, 0, 300);

    refusedClient(key.unsigned(good));
    refusedClient(key.hs256WithThePublicKey(good));
    refusedClient(key.sign("RS512", "SHA512withRSA", good));
    // the other app's client id, signed with this app's key under its key id
    refusedClient(key.rs256(claims(otherApp.getKey(), issuer, 0, 300)));
    refusedClient(key.withKeyOf(otherApp.getValue()).rs256(good));
    refusedClient(tamperedSignature(key.rs256(good)));
    refusedClient(key.rs256(claims(clientId, issuer, -3000, -120)));
    refusedClient(key.rs256(claims(clientId, issuer, 600, 900)));

    Response accepted = introspect(key.rs256(good));
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
    assertThat(accepted.json().getBoolean("active")).isFalse();
  }
}
