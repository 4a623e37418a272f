package dev.keygate.gateway.service.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Passwords of any length the contract allows hash and verify; every character of a long one counts. */
class PasswordHasherTest {

  private final Vertx vertx = Vertx.vertx();
  private final PasswordHasher passwords = new PasswordHasher(vertx, 4);

  @AfterEach
  void close() throws Exception {
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void longPasswordsOfAstralCharactersHashAndOnlyThemselvesMatch() throws Exception {
    String long200 = "😀".repeat(199) + "a";
    String hash = await(passwords.hash(long200));

    assertThat(await(passwords.verify(long200, hash))).isTrue();
    assertThat(await(passwords.verify("😀".repeat(199) + "b", hash))).as("the last character counts").isFalse();
    assertThat(await(passwords.verify(long200.substring(0, 72), hash))).isFalse();
  }

  @Test
  void shortPasswordsAreHashedAsTheyAreSoEarlierHashesStillMatch() throws Exception {
    String hash = at.favre.lib.crypto.bcrypt.BCrypt.withDefaults().hashToString(4, "correct horse".toCharArray());

    assertThat(await(passwords.verify("correct horse", hash))).isTrue();
    assertThat(await(passwords.verify("correct horsf", hash))).isFalse();
  }
}
