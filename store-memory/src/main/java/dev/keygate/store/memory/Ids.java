package dev.keygate.store.memory;

import java.util.Comparator;

/** Orders decimal ids numerically (shorter first), so listings come in creation order like a numeric column. */
final class Ids {

  static final Comparator<String> NUMERIC = Comparator.comparingInt(String::length)
      .thenComparing(Comparator.naturalOrder());

  private Ids() {}
}
