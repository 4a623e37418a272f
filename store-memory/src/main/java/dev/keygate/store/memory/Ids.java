package dev.keygate.store.memory;

import java.util.Comparator;

/** Orders decimal ids numerically (shorter first), so listings come in creation order like a numeric column. */
final class Ids {

  /**
   * A plain method, not {@code comparingInt(String::length).thenComparing(naturalOrder())}: every insert into a
   * project's apps compares some twenty ids, and the composed comparator's lambdas were 6 % of the gateway's CPU in a
   * JFR profile of idempotent app creates.
   */
  static final Comparator<String> NUMERIC = Ids::compareNumerically;

  private Ids() {}

  private static int compareNumerically(String a, String b) {
    int byLength = Integer.compare(a.length(), b.length());
    return byLength != 0 ? byLength : a.compareTo(b);
  }
}
