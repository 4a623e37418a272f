package dev.keygate.gateway.service;

import dev.keygate.store.Change;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/** Stamps changes with the acting user and the time, at the microsecond precision every store keeps. */
public final class Changes {

  private final Clock clock;

  public Changes(Clock clock) {
    this.clock = clock;
  }

  public Change by(Scope scope) {
    return by(scope.actorId());
  }

  public Change by(String actorId) {
    return new Change(actorId, clock.instant().truncatedTo(ChronoUnit.MICROS));
  }
}
