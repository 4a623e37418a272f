package dev.keygate.store.memory;

import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/** Keyset (and offset) paging over an id-ordered map, or over a few unordered records. */
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

  /** A page of a few records kept unordered (a user's PATs, an app's keys), ordered by {@code id} for it. */
  static <T> Page<T> page(Collection<T> values, Function<T, String> id, PageRequest request) {
    NavigableMap<String, T> byId = new TreeMap<>(Ids.NUMERIC);
    values.forEach(value -> byId.put(id.apply(value), value));
    return page(byId, request, all());
  }

  @SuppressWarnings("rawtypes")
  private static final Predicate ALL = x -> true;

  @SuppressWarnings("unchecked")
  static <T> Predicate<T> all() {
    return ALL;
  }
}
