package dev.keygate.store;

import java.util.List;

/** One page and the total count of the listing it came from. */
public record Page<T>(List<T> items, long total) {

  public Page {
    items = List.copyOf(items);
  }
}
