package dev.keygate.store.memory;

import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/** Keyset (and offset) paging over an id-ordered map, a few unordered records, or several maps at once. */
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

  /**
   * A page of the union of id-ordered maps whose ids are distinct (an organization's apps, one map per project),
   * merged as it is read: the page costs its offset and limit plus a step per map, never a copy of the maps. With a
   * {@code filter} other than {@link #all()}, the values it refuses are passed over and the total counts the others,
   * which reads every value once.
   */
  static <T> Page<T> merged(List<? extends NavigableMap<String, T>> maps, PageRequest request, Predicate<T> filter) {
    Comparator<String> order = request.ascending() ? Ids.NUMERIC : Ids.NUMERIC.reversed();
    PriorityQueue<Head<T>> heads = new PriorityQueue<>((a, b) -> order.compare(a.entry.getKey(), b.entry.getKey()));
    long total = 0;
    for (NavigableMap<String, T> map : maps) {
      total += filter == ALL ? map.size() : map.values().stream().filter(filter).count();
      NavigableMap<String, T> ordered = request.ascending() ? map : map.descendingMap();
      NavigableMap<String, T> rest = request.afterId() == null ? ordered : ordered.tailMap(request.afterId(), false);
      Head.next(heads, rest.entrySet().iterator());
    }
    List<T> items = new ArrayList<>(Math.min(request.limit(), 64));
    long skipped = 0;
    while (!heads.isEmpty() && items.size() < request.limit()) {
      Head<T> head = heads.poll();
      if (!filter.test(head.entry.getValue())) {
        Head.next(heads, head.rest);
        continue;
      }
      if (skipped < request.offset()) {
        skipped++;
      } else {
        items.add(head.entry.getValue());
      }
      Head.next(heads, head.rest);
    }
    return new Page<>(items, total);
  }

  /** The next entry of one map in a merge, and the rest of that map. */
  private record Head<T>(Map.Entry<String, T> entry, Iterator<Map.Entry<String, T>> rest) {

    static <T> void next(PriorityQueue<Head<T>> heads, Iterator<Map.Entry<String, T>> rest) {
      if (rest.hasNext()) {
        heads.add(new Head<>(rest.next(), rest));
      }
    }
  }

  @SuppressWarnings("rawtypes")
  private static final Predicate ALL = x -> true;

  @SuppressWarnings("unchecked")
  static <T> Predicate<T> all() {
    return ALL;
  }
}
