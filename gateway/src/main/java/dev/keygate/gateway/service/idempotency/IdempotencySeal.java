package dev.keygate.gateway.service.idempotency;

import dev.keygate.gateway.domain.IdempotentRequests;
import dev.keygate.gateway.service.crypto.SecretGenerator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cryptography of remembered answers. From the client's Idempotency-Key, its scope and a server key, HKDF-SHA256
 * (RFC 5869) derives three independent values: the record's lookup id, the key of the request fingerprint (an HMAC of
 * method, path and canonical body) and the AES-256-GCM key that seals the answer. The store holds only the first, an
 * HMAC output and the sealed answer; without the Idempotency-Key, which it never sees, none of it can be read.
 *
 * <p>Sealed format: {@code version (1 byte) ‖ nonce (12 random bytes) ‖ ciphertext ‖ tag (16 bytes)}, the lookup id
 * as associated data (so a sealed answer cannot be moved to another record), the plaintext
 * {@code status (4 bytes) ‖ content-type length (2 bytes) ‖ content type ‖ body}.
 */
final class IdempotencySeal {

  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final byte[] EXTRACT_LABEL = "keygate idempotency v1".getBytes(StandardCharsets.UTF_8);
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
  /**
   * One Mac and one Cipher per thread, initialised anew with each call's key: a request derives three keys, hashes
   * its fingerprint and seals or opens one answer, and the JCA's provider lookup behind each getInstance would
   * otherwise cost more than the cryptography.
   */
  private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(IdempotencySeal::newMac);
  private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(IdempotencySeal::newCipher);

  /** What one key in one scope derives to. */
  record Keys(String lookupId, byte[] fingerprintKey, SecretKeySpec sealingKey) {}

  private final byte[] serverKey;
  private final SecretGenerator random;

  IdempotencySeal(byte[] serverKey, SecretGenerator random) {
    if (serverKey.length != 32) {
      throw new IllegalArgumentException("the idempotency server key has 32 bytes");
    }
    this.serverKey = serverKey.clone();
    this.random = random;
  }

  Keys derive(IdempotentRequests.Scope scope, String key) {
    byte[] input = lengthPrefixed(EXTRACT_LABEL, utf8(scope.tenant()), utf8(scope.principal()), utf8(key));
    byte[] prk = hmac(serverKey, input); // HKDF-Extract, the server key as salt
    return new Keys(URL.encodeToString(expand(prk, "lookup")), expand(prk, "request"),
        new SecretKeySpec(expand(prk, "seal"), "AES"));
  }

  String fingerprint(Keys keys, byte[] request) {
    return URL.encodeToString(hmac(keys.fingerprintKey(), request));
  }

  byte[] seal(Keys keys, IdempotentRequests.Answer answer) {
    byte[] type = utf8(answer.contentType() == null ? "" : answer.contentType());
    ByteBuffer plain = ByteBuffer.allocate(6 + type.length + answer.body().length)
        .putInt(answer.status()).putShort((short) type.length).put(type).put(answer.body());
    byte[] nonce = random.bytes(NONCE_BYTES);
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.ENCRYPT_MODE, keys.sealingKey(), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData(keys));
      ByteBuffer out = ByteBuffer.allocate(1 + NONCE_BYTES + cipher.getOutputSize(plain.capacity()));
      out.put(VERSION).put(nonce);
      cipher.doFinal(plain.flip(), out);
      return out.array();
    } catch (GeneralSecurityException e) {
      CIPHERS.remove();
      throw new IllegalStateException("AES-GCM sealing failed", e);
    } finally {
      Arrays.fill(plain.array(), (byte) 0);
    }
  }

  /** The answer sealed under these keys, or null when it was not (altered, or sealed under another server key). */
  IdempotentRequests.Answer open(Keys keys, byte[] sealed) {
    if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
      return null;
    }
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.DECRYPT_MODE, keys.sealingKey(), new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
      cipher.updateAAD(associatedData(keys));
      ByteBuffer plain = ByteBuffer.wrap(cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES));
      int status = plain.getInt();
      byte[] type = new byte[plain.getShort()];
      plain.get(type);
      byte[] body = new byte[plain.remaining()];
      plain.get(body);
      return new IdempotentRequests.Answer(status, type.length == 0 ? null : new String(type, StandardCharsets.UTF_8),
          body);
    } catch (GeneralSecurityException | RuntimeException e) {
      CIPHERS.remove(); // whatever state the failure left it in, the next call starts from a fresh one
      return null; // a failed tag (AEADBadTagException) or a plaintext that is not ours: nothing to replay
    }
  }

  private static byte[] associatedData(Keys keys) {
    return lengthPrefixed(new byte[] {VERSION}, utf8(keys.lookupId()));
  }

  /** HKDF-Expand for one 32-byte block: T(1) = HMAC(PRK, info ‖ 0x01). */
  private static byte[] expand(byte[] prk, String info) {
    byte[] label = utf8(info);
    byte[] input = Arrays.copyOf(label, label.length + 1);
    input[label.length] = 1;
    return hmac(prk, input);
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    Mac mac = MACS.get();
    try {
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 takes any key", e);
    }
    return mac.doFinal(data);
  }

  private static Mac newMac() {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
    }
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  /** Each part after its 4-byte length, so that no two different tuples give the same bytes. */
  private static byte[] lengthPrefixed(byte[]... parts) {
    int size = 0;
    for (byte[] part : parts) {
      size += 4 + part.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    for (byte[] part : parts) {
      out.putInt(part.length).put(part);
    }
    return out.array();
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
