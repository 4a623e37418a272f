package dev.keygate.store;

/**
 * A page of a listing, ordered by id (ids grow with time). {@code afterId} continues after a known id (keyset paging);
 * {@code offset} skips that many further rows, for surfaces whose clients page by offset.
 */
public record PageRequest(String afterId, long offset, int limit, boolean ascending) {

  public static final int MAX_LIMIT = 1000;

  public PageRequest {
    if (limit <= 0 || limit > MAX_LIMIT) {
      limit = limit <= 0 ? 100 : MAX_LIMIT;
    }
    if (offset < 0) {
      offset = 0;
    }
  }

  public static PageRequest first(int limit) {
    return new PageRequest(null, 0, limit, true);
  }
}
