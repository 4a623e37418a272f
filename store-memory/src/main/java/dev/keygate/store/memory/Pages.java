package dev.keygate.store.memory;

import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.function.Predicate;

/** Keyset (and offset) paging over an id-ordered map. */
final class Pages {

  private Pages() {}

  static <T> Page<T> page(NavigableMap<String, T> byId, PageRequest request, Predicate<T> filter) {
    NavigableMap<String, T> ordered = request.ascending() ? byId : byId.descendingMap();
    NavigableMap<String, T> rest = request.afterId() == null ? ordered : ordered.tailMap(request.afterId(), false);
    List<T> items = new ArrayList<>(Math.min(request.limit(), 64));
    long skipped = 0;
    for (T value : rest.values()) {
      if (!filter.test(value)) {
        continue;
      }
      if (skipped < request.offset()) {
        skipped++;
        continue;
      }
      if (items.size() == request.limit()) {
        break;
      }
      items.add(value);
    }
    long total = filter == ALL ? byId.size() : byId.values().stream().filter(filter).count();
    return new Page<>(items, total);
  }

  @SuppressWarnings("rawtypes")
  private static final Predicate ALL = x -> true;

  @SuppressWarnings("unchecked")
  static <T> Predicate<T> all() {
    return ALL;
  }
}
