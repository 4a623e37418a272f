package dev.keygate.gateway.service.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key every server key is sealed under at rest: 32 bytes, given as base64 ({@code openssl rand -base64 32}).
 * Sealing is AES-256-GCM with the server key's name as associated data, so a sealed value moved to another name does
 * not open. A sealed value names the master key it was sealed under by an id (the first 8 bytes of an HMAC of a fixed
 * label under the key, in hex: it tells two keys apart and reveals nothing of either), so that a store can hold
 * values of an old and a new master key while it is re-sealed.
 *
 * <p>Layout: {@code "KGMK1"}, the id's length (1 byte), the id (ASCII), the 12-byte nonce, then ciphertext and tag.
 */
public final class MasterKey {

  private static final byte[] MAGIC = "KGMK1".getBytes(StandardCharsets.US_ASCII);
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** How to make a master key, for the messages that ask for one. */
  public static final String HOW_TO = "make one with `openssl rand -base64 32` and keep it as safe as the database"
      + " backups (without it, the server keys stored there cannot be opened)";

  private final SecretKeySpec key;
  private final String id;

  private MasterKey(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
    this.id = idOf(key);
  }

  /** A master key from its base64 text; the message of the refusal says how to make a good one. */
  public static MasterKey parse(String text, String setting) {
    byte[] key;
    try {
      String trimmed = text.strip();
      key = trimmed.contains("-") || trimmed.contains("_") ? Base64.getUrlDecoder().decode(trimmed)
          : Base64.getDecoder().decode(trimmed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(setting + " is not base64: " + HOW_TO);
    }
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(setting + " holds " + key.length + " bytes, not 32: " + HOW_TO);
    }
    return new MasterKey(key);
  }

  /** A random master key, for a store that lives and dies with the process (the memory store). */
  public static MasterKey random() {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    return new MasterKey(key);
  }

  public String id() {
    return id;
  }

  /** Whether {@code stored} is a sealed value (else a key stored in the clear, before master keys). */
  public static boolean isSealed(byte[] stored) {
    return stored.length > MAGIC.length + 1 && Arrays.equals(stored, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
  }

  /** The id of the master key a sealed value was sealed under. */
  public static String sealedUnder(byte[] sealed) {
    int length = sealed[MAGIC.length] & 0xff;
    return new String(sealed, MAGIC.length + 1, Math.min(length, sealed.length - MAGIC.length - 1),
        StandardCharsets.US_ASCII);
  }

  public byte[] seal(String name, byte[] plain) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plain);
      return ByteBuffer.allocate(MAGIC.length + 1 + idBytes.length + NONCE_BYTES + sealed.length)
          .put(MAGIC).put((byte) idBytes.length).put(idBytes).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** The server key sealed under this master key and {@code name}; refused if either differs or it was altered. */
  public byte[] open(String name, byte[] sealed) {
    int start = MAGIC.length + 1 + (sealed[MAGIC.length] & 0xff);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, start, NONCE_BYTES));
      cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(sealed, start + NONCE_BYTES, sealed.length - start - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the server key " + name + " does not open under master key " + id
          + ": it was altered, or sealed under another key with the same id");
    }
  }

  private static String idOf(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] digest = mac.doFinal("keygate master key id".getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
