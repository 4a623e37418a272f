package dev.keygate.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Hands each request to a copy of a surface's router in which only the routes whose path template can match the
 * request's path are enabled. vertx-web tries a router's routes one by one, a regular expression each; on a surface
 * with a few dozen operations that was 14–16 % of a cheap request's CPU (JFR profiles of {@code GET …/apps/{appId}}).
 *
 * <p>The templates are compiled into a small automaton over path segments (a literal segment, or a parameter that
 * matches any non-empty segment, as vertx-web's {@code [^/]+} does), built by subset construction, so one walk over
 * the segments gives every template the path can match. vertx-web then matches, in its own order and with its own
 * 404 and 405, among those only: the answer is the one the full router gives. A path the automaton cannot be sure of
 * (percent-escapes or dot segments, which vertx-web normalizes first; empty segments; a trailing slash, which it
 * tolerates) goes to the copy with every route enabled.
 */
public final class PathDispatch implements Handler<HttpServerRequest> {

  private final Router all;
  private final State start;

  /**
   * @param routers builds the surface's router: called once for every router copy, each copy then gets its own
   *                routes disabled or left enabled
   */
  public PathDispatch(Supplier<Router> routers) {
    this.all = routers.get();
    List<String[]> templates = new ArrayList<>();
    for (Route route : all.getRoutes()) {
      String path = route.getPath();
      if (isTemplate(route)) {
        templates.add(segments(path));
      }
    }
    Map<BitSet, Router> copies = new HashMap<>();
    this.start = new Builder(templates, matching -> copies.computeIfAbsent(matching,
        m -> enabledOnly(routers.get(), m))).build();
  }

  @Override
  public void handle(HttpServerRequest request) {
    routerFor(request.path()).handle(request);
  }

  /**
   * The router copy for this path, or the full router for a path vertx-web may read otherwise than as it stands: one
   * without a leading slash, with a trailing slash (tolerated), an empty segment, a dot segment or a percent-escape
   * (the last two change under its normalization). One pass over the characters, no substring.
   */
  Router routerFor(String path) {
    int length = path == null ? 0 : path.length();
    if (length < 2 || path.charAt(0) != '/' || path.charAt(length - 1) == '/') {
      return all;
    }
    State state = start;
    int from = 1;
    while (true) {
      int to = from;
      char c;
      while (to < length && (c = path.charAt(to)) != '/') {
        if (c == '%') {
          return all;
        }
        to++;
      }
      int segment = to - from;
      if (segment == 0 || path.charAt(from) == '.' && (segment == 1 || segment == 2 && path.charAt(from + 1) == '.')) {
        return all;
      }
      state = state.next(path, from, to);
      if (to == length) {
        return state.router;
      }
      from = to + 1;
    }
  }

  /** The router with every route enabled: for paths the automaton leaves to vertx-web. */
  Router all() {
    return all;
  }

  /**
   * A route of an operation: a path (with {@code :name} parameters, which vertx-web turns into a pattern), exact (no
   * trailing {@code *}), with its method. Those are the ones the automaton selects among; any other route (the root
   * handlers', a regular expression's) stays enabled in every copy.
   */
  private static boolean isTemplate(Route route) {
    return route.getPath() != null && route.isExactPath() && route.methods() != null && !route.methods().isEmpty();
  }

  private static String[] segments(String path) {
    return path.substring(1).split("/", -1);
  }

  /** vertx-web's parameter segment; one mixing a literal with a parameter is treated as one too (a superset). */
  private static boolean isParameter(String segment) {
    return segment.indexOf(':') >= 0;
  }

  /** The copy in which the templates of {@code matching} (indexes in route order) are the only ones enabled. */
  private static Router enabledOnly(Router copy, BitSet matching) {
    int index = 0;
    for (Route route : copy.getRoutes()) {
      if (isTemplate(route)) {
        if (!matching.get(index)) {
          route.disable();
        }
        index++;
      }
    }
    return copy;
  }

  /** A state of the automaton: the templates still alive after the segments read so far. */
  private static final class State {
    /** The literal segments that lead on, compared in place (a state has a handful). */
    private String[] literals = new String[0];
    private State[] following = new State[0];
    private State other;
    private Router router;

    void on(String literal, State next) {
      literals = Arrays.copyOf(literals, literals.length + 1);
      following = Arrays.copyOf(following, following.length + 1);
      literals[literals.length - 1] = literal;
      following[following.length - 1] = next;
    }

    State next(String path, int from, int to) {
      int length = to - from;
      for (int i = 0; i < literals.length; i++) {
        String literal = literals[i];
        if (literal.length() == length && path.regionMatches(from, literal, 0, length)) {
          return following[i];
        }
      }
      return other;
    }
  }

  /** Subset construction: a state per (depth, alive templates), each transition on a literal or on any other. */
  private static final class Builder {
    private final List<String[]> templates;
    private final Function<BitSet, Router> routerOf;
    private final Map<String, State> built = new HashMap<>();

    Builder(List<String[]> templates, Function<BitSet, Router> routerOf) {
      this.templates = templates;
      this.routerOf = routerOf;
    }

    State build() {
      BitSet alive = new BitSet();
      alive.set(0, templates.size());
      return state(0, alive);
    }

    private State state(int depth, BitSet alive) {
      if (alive.isEmpty()) {
        return dead();
      }
      String key = depth + ":" + alive;
      State known = built.get(key);
      if (known != null) {
        return known;
      }
      State state = new State();
      built.put(key, state);
      BitSet ending = new BitSet();
      BitSet deeper = new BitSet();
      Set<String> literals = new LinkedHashSet<>();
      for (int t = alive.nextSetBit(0); t >= 0; t = alive.nextSetBit(t + 1)) {
        String[] segments = templates.get(t);
        if (segments.length == depth) {
          ending.set(t);
        } else {
          deeper.set(t);
          if (!isParameter(segments[depth])) {
            literals.add(segments[depth]);
          }
        }
      }
      state.router = routerOf.apply(ending);
      for (String literal : literals) {
        state.on(literal, state(depth + 1, following(deeper, depth, literal)));
      }
      state.other = state(depth + 1, following(deeper, depth, null));
      return state;
    }

    /** The templates that go on after reading {@code literal} at {@code depth} (null: a segment no literal names). */
    private BitSet following(BitSet deeper, int depth, String literal) {
      BitSet next = new BitSet();
      for (int t = deeper.nextSetBit(0); t >= 0; t = deeper.nextSetBit(t + 1)) {
        String segment = templates.get(t)[depth];
        if (isParameter(segment) || segment.equals(literal)) {
          next.set(t);
        }
      }
      return next;
    }

    /** No template is left, whatever follows: every path through here is vertx-web's 404. */
    private State dead() {
      State dead = built.get("dead");
      if (dead == null) {
        dead = new State();
        dead.other = dead;
        dead.router = routerOf.apply(new BitSet());
        built.put("dead", dead);
      }
      return dead;
    }
  }
}
