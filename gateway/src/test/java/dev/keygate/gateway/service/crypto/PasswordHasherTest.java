package dev.keygate.gateway.service.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Passwords of any length the contract allows hash and verify; every character of a long one counts. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class PasswordHasherTest {

  @Test
  void longPasswordsOfAstralCharactersHashAndOnlyThemselvesMatch(Vertx vertx, VertxTestContext ctx) {
    PasswordHasher passwords = new PasswordHasher(vertx, 4);
    String long200 = "😀".repeat(199) + "a";

    passwords.hash(long200)
        .compose(hash -> Future.all(passwords.verify(long200, hash), passwords.verify("😀".repeat(199) + "b", hash),
            passwords.verify(long200.substring(0, 72), hash)))
        .onComplete(ctx.succeeding(verdicts -> ctx.verify(() -> {
          assertThat(verdicts.<Boolean>resultAt(0)).isTrue();
          assertThat(verdicts.<Boolean>resultAt(1)).as("the last character counts").isFalse();
          assertThat(verdicts.<Boolean>resultAt(2)).isFalse();
          ctx.completeNow();
        })));
  }

  @Test
  void shortPasswordsAreHashedAsTheyAreSoEarlierHashesStillMatch(Vertx vertx, VertxTestContext ctx) {
    PasswordHasher passwords = new PasswordHasher(vertx, 4);
    String hash = BCrypt.withDefaults().hashToString(4, "correct horse".toCharArray());

    Future.all(passwords.verify("correct horse", hash), passwords.verify("correct horsf", hash))
        .onComplete(ctx.succeeding(verdicts -> ctx.verify(() -> {
          assertThat(verdicts.<Boolean>resultAt(0)).isTrue();
          assertThat(verdicts.<Boolean>resultAt(1)).isFalse();
          ctx.completeNow();
        })));
  }
}
