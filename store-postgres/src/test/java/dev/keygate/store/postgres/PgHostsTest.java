package dev.keygate.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keygate.store.postgres.PgHosts.SessionAttrs;
import org.junit.jupiter.api.Test;

/** libpq's multi-host URIs, split into the single-host URIs vertx-pg-client reads. */
class PgHostsTest {

  @Test
  void oneHostWithoutAttributesIsConnectedToAsItIs() {
    PgHosts hosts = PgHosts.of("postgresql://u:p@db:5432/keygate?sslmode=require");

    assertThat(hosts.uris()).containsExactly("postgresql://u:p@db:5432/keygate?sslmode=require");
    assertThat(hosts.attrs()).isEqualTo(SessionAttrs.ANY);
    assertThat(hosts.follows()).isFalse();
  }

  @Test
  void everyHostKeepsTheUserTheDatabaseAndTheOtherParametersInTheUrisOrder() {
    PgHosts hosts = PgHosts.of("postgresql://u:p%40ss@h1:5432,h2:6543,[::1]:5433/keygate"
        + "?sslmode=require&target_session_attrs=read-write&connect_timeout=2");

    assertThat(hosts.uris()).containsExactly(
        "postgresql://u:p%40ss@h1:5432/keygate?sslmode=require&connect_timeout=2",
        "postgresql://u:p%40ss@h2:6543/keygate?sslmode=require&connect_timeout=2",
        "postgresql://u:p%40ss@[::1]:5433/keygate?sslmode=require&connect_timeout=2");
    assertThat(hosts.attrs()).isEqualTo(SessionAttrs.READ_WRITE);
    assertThat(hosts.follows()).isTrue();
  }

  @Test
  void oneHostThatMustTakeWritesIsCheckedAndSeveralAreFollowedEvenWithoutAttributes() {
    assertThat(PgHosts.of("postgres://vip:5432/db?target_session_attrs=primary").follows()).isTrue();
    assertThat(PgHosts.of("postgres://vip:5432/db?target_session_attrs=primary").uris())
        .containsExactly("postgres://vip:5432/db");
    assertThat(PgHosts.of("postgres://a,b/db").uris()).containsExactly("postgres://a/db", "postgres://b/db");
    assertThat(PgHosts.of("postgres://a,b/db").attrs()).isEqualTo(SessionAttrs.ANY);
    assertThat(PgHosts.of("postgres://a,b/db?target_session_attrs=any").follows()).isTrue();
  }

  @Test
  void sessionsThatCannotWriteAndEmptyHostsAreRefusedNamingTheSetting() {
    assertThatThrownBy(() -> PgHosts.of("postgresql://a,b/db?target_session_attrs=standby"))
        .isInstanceOf(PgHosts.Refused.class)
        .hasMessageContaining("target_session_attrs=standby").hasMessageContaining("KEYGATE_PG_URI");
    assertThatThrownBy(() -> PgHosts.of("postgresql://u:secret@a,,b/db"))
        .isInstanceOf(PgHosts.Refused.class).hasMessageNotContaining("secret");
  }
}
