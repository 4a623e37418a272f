package dev.keygate.store;

/**
 * The server a replicated store writes to, as this process sees it, for metrics and health: whether one is known
 * now, how often it moved, how long there was none. A store with nothing that can move (the memory store, or
 * PostgreSQL at one fixed address) is {@link #FIXED}. Reading it is cheap: counters, no round trip.
 */
public interface StorePrimary {

  /** A store whose server never moves: always known, never failed over. */
  StorePrimary FIXED = new StorePrimary() {
    @Override
    public boolean known() {
      return true;
    }

    @Override
    public String name() {
      return "fixed";
    }

    @Override
    public long failovers() {
      return 0;
    }

    @Override
    public long reconnects() {
      return 0;
    }

    @Override
    public long millisWithout() {
      return 0;
    }
  };

  /** Whether a primary that takes writes is known now. */
  boolean known();

  /** The primary's {@code host:port} when known, else why there is none; {@code fixed} for {@link #FIXED}. */
  String name();

  /** Times the primary was found on another server than before. */
  long failovers();

  /** Times the store connected again after losing its server (the change feed listening again, say). */
  long reconnects();

  /** Time without a known primary since the store opened. */
  long millisWithout();
}
