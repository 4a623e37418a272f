package dev.keygate.gateway.service.crypto;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Client secrets and tokens. Secrets are 64 characters of [A-Za-z0-9] like ZITADEL's, drawn by rejection sampling so
 * that every character is equally likely (ZITADEL's {@code byte % (len-1)} never yields '9').
 */
public final class SecretGenerator {

  public static final int SECRET_LENGTH = 64;
  private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  /** The largest multiple of 62 that fits in a byte: bytes at or above it are discarded to avoid modulo bias. */
  private static final int UNBIASED_LIMIT = 256 - (256 % ALPHABET.length);

  /**
   * One generator per thread: the platform default (NativePRNG) serializes every caller on one global lock, which
   * shows up in profiles as soon as two event loops issue secrets. Where {@code NativeCrypto} installed Amazon
   * Corretto Crypto Provider, its {@code DEFAULT} generator (AWS-LC's CTR-DRBG, NIST SP 800-90A, AES-256) is used:
   * the JDK's DRBG (Hash_DRBG over SHA-256 in Java) was 3 % of the gateway's CPU in a JFR profile of idempotent app
   * creates, which draw a secret, a lease id and a nonce each. Both seed themselves from the system's entropy source.
   */
  private final ThreadLocal<SecureRandom> randoms = ThreadLocal.withInitial(SecretGenerator::newRandom);

  private static SecureRandom newRandom() {
    for (String algorithm : new String[] {"DEFAULT", "DRBG"}) {
      try {
        return SecureRandom.getInstance(algorithm);
      } catch (NoSuchAlgorithmException e) {
        // not offered by any provider installed: the next one
      }
    }
    return new SecureRandom();
  }

  public String secret() {
    char[] out = new char[SECRET_LENGTH];
    byte[] buffer = new byte[SECRET_LENGTH + 16];
    SecureRandom random = randoms.get();
    int filled = 0;
    while (filled < SECRET_LENGTH) {
      random.nextBytes(buffer);
      for (int i = 0; i < buffer.length && filled < SECRET_LENGTH; i++) {
        int value = buffer[i] & 0xff;
        if (value < UNBIASED_LIMIT) {
          out[filled++] = ALPHABET[value % ALPHABET.length];
        }
      }
    }
    return new String(out);
  }

  /** An opaque bearer token: 32 random bytes, base64url without padding (43 characters). */
  public String token() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
  }

  /** [a-z0-9] characters, e.g. the random part of a generated domain. */
  public String lowerAlphanumeric(int length) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    int limit = 256 - (256 % alphabet.length());
    StringBuilder out = new StringBuilder(length);
    SecureRandom random = randoms.get();
    while (out.length() < length) {
      int value = random.nextInt(256);
      if (value < limit) {
        out.append(alphabet.charAt(value % alphabet.length()));
      }
    }
    return out.toString();
  }

  public byte[] bytes(int count) {
    byte[] bytes = new byte[count];
    randoms.get().nextBytes(bytes);
    return bytes;
  }
}
