package dev.keygate.gateway.fuzz;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a server makes of a request path before routing (RFC 3986: percent-encoded unreserved characters decoded,
 * dot segments removed, as Vert.x does), and which operation of the contracts that path and method then name.
 */
final class Paths {

  private Paths() {}

  static String normalize(String path) {
    StringBuilder decoded = new StringBuilder();
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%' && i + 2 < path.length()) {
        try {
          int value = Integer.parseInt(path.substring(i + 1, i + 3), 16);
          if (value >= 'a' && value <= 'z' || value >= 'A' && value <= 'Z' || value >= '0' && value <= '9'
              || value == '-' || value == '.' || value == '_' || value == '~') {
            decoded.append((char) value);
            i += 2;
            continue;
          }
        } catch (NumberFormatException e) {
          // not an escape: kept as it is
        }
      }
      decoded.append(c);
    }
    Deque<String> out = new ArrayDeque<>();
    String[] segments = decoded.toString().split("/", -1);
    for (int i = 1; i < segments.length; i++) {
      String segment = segments[i];
      boolean last = i == segments.length - 1;
      if (segment.equals(".")) {
        if (last) {
          out.addLast("");
        }
      } else if (segment.equals("..")) {
        if (!out.isEmpty()) {
          out.removeLast();
        }
        if (last) {
          out.addLast("");
        }
      } else {
        out.addLast(segment);
      }
    }
    return "/" + String.join("/", out);
  }

  /** The operation whose path template matches {@code path} (a trailing slash ignored) with this method. */
  static Optional<ContractModel.Operation> operation(List<ContractModel.Operation> operations, String method,
                                                     String path) {
    String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    ContractModel.Operation templated = null;
    for (ContractModel.Operation op : operations) {
      if (!op.method().equals(method)) {
        continue;
      }
      if (op.path().equals(trimmed)) {
        return Optional.of(op); // a literal path wins over a template (/projects/_search over /projects/{id})
      }
      if (templated == null && trimmed.matches(regex(op.path()))) {
        templated = op;
      }
    }
    return Optional.ofNullable(templated);
  }

  private static String regex(String template) {
    StringBuilder s = new StringBuilder();
    for (String part : template.split("(?=\\{)|(?<=})")) {
      s.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
    }
    return s.toString();
  }
}
