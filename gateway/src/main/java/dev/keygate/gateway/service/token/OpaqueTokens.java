package dev.keygate.gateway.service.token;

import dev.keygate.gateway.service.crypto.SecretGenerator;
import dev.keygate.store.ServerKeyStore;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque access tokens, as ZITADEL gives machine users by default: to the client a random-looking string, to Keygate
 * its claims sealed with AES-256-GCM under a server key that every gateway sharing the store has. So a token is
 * checked (its authentication tag) before any lookup, costs no store write when issued, and any gateway can read it;
 * revocation, expiry and credential changes are checked on the claims exactly as for a JWT.
 *
 * <p>Format: base64url of {@code version (1 byte) ‖ nonce (12 random bytes) ‖ ciphertext ‖ tag (16 bytes)}; the
 * plaintext is the claims as JSON (the same claims a JWT access token carries). No dots, so it is never taken for a
 * JWT. Without the key nobody can forge or alter one (a 128-bit tag under a 256-bit key), and nobody can enumerate
 * them: every token differs in its 96 random nonce bits and in the tag, 224 bits no one can predict, and the sealed
 * claims (token id, user, times) are unreadable.
 */
public final class OpaqueTokens {

  /** The AES-256 key that seals opaque access tokens, shared by every process on the store. */
  public static final String KEY = "opaque-access-token-key";

  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int MIN_LENGTH = 100;
  private static final int MAX_LENGTH = 4096;
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  /** Cipher objects are not thread-safe; one per thread, re-initialized with a fresh nonce for every token. */
  private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(OpaqueTokens::newCipher);
  private final SecretGenerator random;

  /** Sealing under the store's key, which the first process on an empty store creates. */
  public static Future<OpaqueTokens> load(ServerKeyStore keys, SecretGenerator random) {
    return keys.serverKey(KEY, random.bytes(32)).map(key -> new OpaqueTokens(key, random));
  }

  public OpaqueTokens(byte[] key, SecretGenerator random) {
    this.random = random;
    if (key.length != 32) {
      throw new IllegalArgumentException("an AES-256 key has 32 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  /**
   * Whether a bearer token has this format's shape, which decides the verifier that runs: no dots (a JWT has two) and
   * at least {@value #MIN_LENGTH} characters (the smallest claims Keygate seals take more; a PAT has 43).
   */
  static boolean looksOpaque(String token) {
    return token.length() >= MIN_LENGTH && token.length() <= MAX_LENGTH && token.indexOf('.') < 0;
  }

  String seal(JsonObject claims) {
    byte[] plain = claims.encode().getBytes(StandardCharsets.UTF_8);
    byte[] nonce = random.bytes(NONCE_BYTES);
    try {
      Cipher cipher = ciphers.get();
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(new byte[] {VERSION});
      ByteBuffer out = ByteBuffer.allocate(1 + NONCE_BYTES + cipher.getOutputSize(plain.length));
      out.put(VERSION).put(nonce);
      cipher.doFinal(ByteBuffer.wrap(plain), out);
      return URL.encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      ciphers.remove();
      throw new IllegalStateException("AES-GCM sealing failed", e);
    }
  }

  /** The claims of a token this key sealed, or null for anything else (forged, altered, truncated, not ours). */
  JsonObject open(String token) {
    if (!looksOpaque(token)) {
      return null;
    }
    byte[] raw;
    try {
      raw = URL_DECODER.decode(token);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (raw.length < 1 + NONCE_BYTES + TAG_BITS / 8 || raw[0] != VERSION) {
      return null;
    }
    byte[] plain;
    try {
      Cipher cipher = ciphers.get();
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 1, NONCE_BYTES));
      cipher.updateAAD(raw, 0, 1);
      plain = cipher.doFinal(raw, 1 + NONCE_BYTES, raw.length - 1 - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      return null;
    } catch (GeneralSecurityException e) {
      ciphers.remove();
      return null;
    }
    try {
      return Json.decodeValue(new String(plain, StandardCharsets.UTF_8)) instanceof JsonObject claims ? claims : null;
    } catch (DecodeException e) {
      return null;
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }
}
