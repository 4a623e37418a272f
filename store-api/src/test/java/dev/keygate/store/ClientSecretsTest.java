package dev.keygate.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rotation rules apps and machine users share, and that both records follow them alike. */
class ClientSecretsTest {

  private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = CREATED.plusSeconds(60);
  private static final Instant T2 = CREATED.plusSeconds(120);
  private static final Instant OVERLAP_END = CREATED.plusSeconds(3600);

  @Test
  void aSecretSetWithItsOwnerIsIssuedWhenItsOwnerWasCreated() {
    ClientSecrets initial = ClientSecrets.initial("h0");
    assertThat(initial.issuedAt(CREATED)).isEqualTo(CREATED);
    assertThat(ClientSecrets.initial(null)).isEqualTo(ClientSecrets.NONE);
    assertThat(ClientSecrets.NONE.present()).isFalse();
  }

  @Test
  void aRotationKeepsTheCurrentSecretUntilTheOverlapEndsAndDropsAnOlderOne() {
    ClientSecrets once = ClientSecrets.initial("h0").rotatedTo("h1", OVERLAP_END, T1, CREATED);
    assertThat(once).isEqualTo(new ClientSecrets("h1", T1, new PreviousSecret("h0", CREATED, OVERLAP_END)));
    ClientSecrets twice = once.rotatedTo("h2", OVERLAP_END, T2, CREATED);
    assertThat(twice.previous()).isEqualTo(new PreviousSecret("h1", T1, OVERLAP_END));
    assertThat(twice.withoutPrevious()).isEqualTo(new ClientSecrets("h2", T2, null));
  }

  @Test
  void aRotationWithoutOverlapOrWithoutACurrentSecretKeepsNothing() {
    assertThat(ClientSecrets.initial("h0").rotatedTo("h1", null, T1, CREATED).previous()).isNull();
    assertThat(ClientSecrets.NONE.rotatedTo("h1", OVERLAP_END, T1, CREATED).previous()).isNull();
  }

  @Test
  void replacingDropsThePreviousSecretAndNoSecretHasNoTime() {
    ClientSecrets rotated = ClientSecrets.initial("h0").rotatedTo("h1", OVERLAP_END, T1, CREATED);
    assertThat(rotated.replacedBy("h2", T2)).isEqualTo(new ClientSecrets("h2", T2, null));
    assertThat(rotated.replacedBy(null, T2)).isEqualTo(ClientSecrets.NONE);
  }

  /** Before the rules were shared, a user's secret removed kept no time and an app's kept one. */
  @Test
  void appsAndMachineUsersFollowTheSameRules() {
    ApiApp app = new ApiApp("i", "o", "p", "a", "app", "c", ApiApp.AuthMethod.BASIC, "h0", CREATED, CREATED, 1);
    User user = new User("i", "o", "u", User.Kind.MACHINE, "bot", "Bot", null, null, null, false, null, null, null,
        null, "h0", Set.of(), CREATED, CREATED, 1);
    assertThat(app.withRotatedSecret("h1", OVERLAP_END, T1, 2).secrets())
        .isEqualTo(user.withRotatedSecret("h1", OVERLAP_END, T1, 2).secrets());
    assertThat(app.withSecretHash(null, T2, 3).secrets()).isEqualTo(user.withSecretHash(null, T2, 3).secrets())
        .isEqualTo(ClientSecrets.NONE);
    assertThat(app.secretIssuedAt()).isEqualTo(user.secretIssuedAt()).isEqualTo(CREATED);
  }
}
