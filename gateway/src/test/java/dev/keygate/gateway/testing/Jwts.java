package dev.keygate.gateway.testing;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * JWTs made and checked the way a client would, with the JDK's crypto only and nothing of Keygate's: RS256
 * assertions signed with the private key of a key file Keygate handed out, and ES256 access tokens verified with the
 * keys of Keygate's JWKS.
 */
public final class Jwts {

  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private Jwts() {}

  /** An RS256 JWT with header {alg, kid, typ} signed with the PKCS#1 PEM key of a ZITADEL key file. */
  public static String rs256(String keyId, JsonObject claims, String pkcs1Pem) {
    return rs256(new JsonObject().put("alg", "RS256").put("kid", keyId).put("typ", "JWT"), claims, pkcs1Pem);
  }

  /** An RS256 JWT with exactly this header (a client that writes no {@code typ}, say), signed as above. */
  public static String rs256(JsonObject header, JsonObject claims, String pkcs1Pem) {
    try {
      String signingInput = URL.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
          + URL.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(rsaPrivateKey(pkcs1Pem));
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + URL.encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Claims for an assertion: iss = sub = {@code subject}, aud, iat now and exp after {@code lifetimeSeconds}. */
  public static JsonObject assertionClaims(String subject, String audience, long lifetimeSeconds) {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject().put("iss", subject).put("sub", subject).put("aud", audience).put("iat", now)
        .put("exp", now + lifetimeSeconds);
  }

  /** Whether an ES256 JWT's signature verifies with the JWK of its kid (x and y of a P-256 point). */
  public static boolean es256Verifies(String jwt, JsonObject jwk) {
    try {
      String[] parts = jwt.split("\\.");
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      ECPoint point = new ECPoint(new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("x"))),
          new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("y"))));
      PublicKey key = KeyFactory.getInstance("EC").generatePublic(
          new ECPublicKeySpec(point, parameters.getParameterSpec(ECParameterSpec.class)));
      Signature ecdsa = Signature.getInstance("SHA256withECDSAinP1363Format");
      ecdsa.initVerify(key);
      ecdsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      return ecdsa.verify(Base64.getUrlDecoder().decode(parts[2]));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static JsonObject header(String jwt) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8));
  }

  public static JsonObject claims(String jwt) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  /** PKCS#1 "RSA PRIVATE KEY" wrapped into the PKCS#8 structure the JDK reads. */
  public static PrivateKey rsaPrivateKey(String pkcs1Pem) throws GeneralSecurityException {
    byte[] pkcs1 = Base64.getMimeDecoder().decode(pkcs1Pem.replaceAll("-----[A-Z ]+-----", ""));
    byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
        0x01, 0x05, 0x00};
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x02, 0x01, 0x00});
    body.writeBytes(algorithm);
    body.writeBytes(der(0x04, pkcs1));
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(0x30, body.toByteArray())));
  }

  private static byte[] der(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else if (length < 0x100) {
      out.write(0x81);
      out.write(length);
    } else {
      out.write(0x82);
      out.write(length >> 8);
      out.write(length & 0xff);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }
}
