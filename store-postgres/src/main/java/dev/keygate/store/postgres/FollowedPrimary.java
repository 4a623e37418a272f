package dev.keygate.store.postgres;

import dev.keygate.store.StorePrimary;

/** What {@link PgPrimary} and the change feed know of the primary, as the SPI tells it to metrics and health. */
record FollowedPrimary(PgPrimary primary, PgCredentialChangeFeed changes) implements StorePrimary {

  @Override
  public boolean known() {
    return primary.known();
  }

  @Override
  public String name() {
    return primary.name();
  }

  @Override
  public long failovers() {
    return primary.moves();
  }

  @Override
  public long reconnects() {
    return Math.max(0, changes.subscriptions() - 1);
  }

  @Override
  public long millisWithout() {
    return primary.millisWithout();
  }
}
