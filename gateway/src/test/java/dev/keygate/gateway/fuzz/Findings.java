package dev.keygate.gateway.fuzz;

import dev.keygate.gateway.fuzz.Draft.FuzzRequest;
import dev.keygate.gateway.fuzz.Wire.Outcome;
import dev.keygate.gateway.testing.ContractCheck;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The checks each answer must pass, and the findings of a sweep grouped into classes a developer can fix one by one:
 * the same problem, mutation kind, status and first body line form one class, listing the operations it was seen on
 * with one example each (request, answer, a command that replays it).
 */
final class Findings {

  /** What is wrong, most severe first. */
  enum Problem {
    TRANSPORT("dropped connection, reset or timeout"),
    SERVER_ERROR("5xx answer (a 503, or a 501 unimplemented, is fine only where the operation documents it)"),
    UNDOCUMENTED_STATUS("status not documented for the operation (nor a documented generic error of the surface)"),
    CONTRACT("answer breaks the contract (content type or body schema for its status)"),
    ACCEPTED_INVALID("2xx for a request that breaks the contract"),
    SLOW_SUCCESS("a 2xx answer that took over " + SLOW_MILLIS + " ms (README: the right credentials never wait)"),
    ERROR_LOG("ERROR log line during the sweep"),
    AFTER_SWEEP("after the sweep: gateway not alive, or data written before it changed"),
    PREPARE("the fuzzer could not prepare a request (the API refused to create a fresh object for it)");

    final String meaning;

    Problem(String meaning) {
      this.meaning = meaning;
    }
  }

  record Finding(Problem problem, FuzzRequest request, Outcome outcome, String what, String repro) {

    /** The class: problem, mutation kind, status (or how the exchange broke) and the normalized first body line. */
    String classKey() {
      return problem + " | " + (request == null ? "-" : request.kind()) + " | " + statusText() + " | "
          + signature();
    }

    String statusText() {
      if (outcome == null) {
        return "-";
      }
      if (!outcome.answered()) {
        return "no answer";
      }
      String type = outcome.header("content-type");
      return outcome.status() + " " + (type == null ? "(no content-type)" : type);
    }

    String signature() {
      if (problem == Problem.ERROR_LOG || problem == Problem.AFTER_SWEEP || problem == Problem.TRANSPORT) {
        return normalize(what);
      }
      if (outcome == null || !outcome.answered()) {
        return outcome == null ? normalize(what) : normalize(outcome.transport());
      }
      if (problem == Problem.CONTRACT && outcome.status() < 400 || problem == Problem.SLOW_SUCCESS) {
        return normalize(what);
      }
      return normalize(Printable.firstLine(outcome.bodyText(), 100));
    }
  }

  static final long SLOW_MILLIS = 1500;

  /** An answer that took long (the gateway's tarpit, or a slow path). */
  record Slow(long millis, String request) {}

  private final List<Finding> findings = new ArrayList<>();
  private final Map<String, Integer> sent = new TreeMap<>();
  private final Map<String, Map<Integer, Integer>> statuses = new TreeMap<>();
  private final Map<String, Map<Integer, Integer>> validStatuses = new TreeMap<>();
  private final List<Slow> slow = new ArrayList<>();
  /** Valid requests (by the generator's reading of the contract) answered 400: the generator's or the gateway's. */
  private final List<String> rejectedValid = new ArrayList<>();
  private final List<ContractModel.Operation> operations;
  private final int port;

  Findings(List<ContractModel.Operation> operations, int port) {
    this.operations = operations;
    this.port = port;
  }

  /** Digits, ids and quoted values vary from request to request: they do not make a new class. */
  static String normalize(String text) {
    if (text == null) {
      return "";
    }
    return text.replaceAll("\"value\":(\"(\\\\.|[^\"\\\\])*\"|[^,}\\]]*)", "\"value\":…")
        .replaceAll(" on (GET|POST|PUT|DELETE|PATCH) \\S+", " on $1 …")
        .replaceAll("(of|at index \\d+ of):? '?/\\S*", "$1 …")
        .replaceAll("\\d+", "#")
        .replaceAll("'[^']{20,}'", "'…'");
  }

  /** Checks one answer; returns what was wrong with it, most severe first (empty: fine). */
  List<Finding> check(FuzzRequest request, Outcome outcome) {
    sent.merge(request.op().id(), 1, Integer::sum);
    List<Finding> found = new ArrayList<>();
    String repro = Repro.of(request, port);
    if (!outcome.answered()) {
      found.add(new Finding(Problem.TRANSPORT, request, outcome, outcome.transport()
          + (outcome.note() == null ? "" : "; " + outcome.note()), repro));
      findings.addAll(found);
      return found;
    }
    statuses.computeIfAbsent(request.op().id(), k -> new TreeMap<>()).merge(outcome.status(), 1, Integer::sum);
    if (request.kind().equals("valid")) {
      validStatuses.computeIfAbsent(request.op().id(), k -> new TreeMap<>()).merge(outcome.status(), 1, Integer::sum);
      if (outcome.status() == 400 && rejectedValid.size() < 20) {
        rejectedValid.add(request + "\n      body " + Printable.of(request.body(), 300) + "\n      -> "
            + Printable.firstLine(outcome.bodyText(), 200));
      }
    }
    if (outcome.millis() > 1000) {
      slow.add(new Slow(outcome.millis(), request.toString()));
    }
    // a server routes the path it reads after removing dot segments: "/apps/." is "/apps/", another operation
    ContractModel.Operation op = request.op();
    String path = request.pathOnly();
    boolean offOperation = false;
    String normalized = Paths.normalize(path);
    if (!normalized.equals(path)) {
      Optional<ContractModel.Operation> routed = Paths.operation(operations, request.method(), normalized);
      if (routed.isEmpty() || routed.get() != op) {
        offOperation = true;
        path = normalized;
        op = routed.orElse(op);
      }
    }
    int status = outcome.status();
    // Connect's "unimplemented" is 501 by its protocol: a refusal of a part Keygate does not serve, fine where the
    // operation lists it (the v2 contract names each such part); any other 5xx is a finding
    if (status >= 500 && !(status == 503 && op.documents503()) && !(status == 501 && op.documents501())) {
      found.add(new Finding(Problem.SERVER_ERROR, request, outcome, "HTTP " + status, repro));
    }
    if (!op.documents(status) && !(offOperation && op == request.op())) {
      found.add(new Finding(Problem.UNDOCUMENTED_STATUS, request, outcome, "HTTP " + status + " is not among "
          + op.statuses() + (op.hasDefault() ? " + generic "
          + new TreeSet<>(ContractModel.genericStatuses(op.surface()))
          : ""), repro));
    }
    String problems = ContractCheck.problems(request.method(), path, status, outcome.headers(), outcome.bodyText());
    if (!problems.isEmpty()) {
      found.add(new Finding(Problem.CONTRACT, request, outcome, problems.lines().findFirst().orElse(problems),
          repro));
    }
    if (request.expectRejection() && !offOperation && status >= 200 && status < 300) {
      found.add(new Finding(Problem.ACCEPTED_INVALID, request, outcome, "HTTP " + status + " for " + request.kind()
          + " " + request.detail(), repro));
    }
    if (status >= 200 && status < 300 && outcome.millis() > SLOW_MILLIS) {
      found.add(new Finding(Problem.SLOW_SUCCESS, request, outcome, "HTTP " + status + " after " + outcome.millis()
          + " ms with " + request.credential(), repro));
    }
    // one answer counts once, under its most severe problem; the others go into its description
    if (found.size() > 1) {
      Finding first = found.get(0);
      String also = found.subList(1, found.size()).stream().map(f -> f.problem() + ": " + f.what())
          .collect(Collectors.joining("; "));
      found = List.of(new Finding(first.problem(), request, outcome, first.what() + " (also " + also + ")",
          first.repro()));
    }
    findings.addAll(found);
    return found;
  }

  void add(Finding finding) {
    findings.add(finding);
  }

  boolean isEmpty() {
    return findings.isEmpty();
  }

  List<Finding> all() {
    return findings;
  }

  Map<String, Integer> sent() {
    return sent;
  }

  Map<String, Map<Integer, Integer>> statuses() {
    return statuses;
  }

  Map<String, Map<Integer, Integer>> validStatuses() {
    return validStatuses;
  }

  List<String> rejectedValid() {
    return rejectedValid;
  }

  List<Slow> slowest(int n) {
    return slow.stream().sorted(Comparator.comparingLong(Slow::millis).reversed()).limit(n).toList();
  }

  /** The report: one block per class, most severe first, each listing its operations with one example. */
  String report(int maxExamplesPerClass) {
    Map<String, List<Finding>> classes = new LinkedHashMap<>();
    findings.stream().sorted(Comparator.comparing((Finding f) -> f.problem().ordinal())
        .thenComparing(Finding::classKey))
        .forEach(f -> classes.computeIfAbsent(f.classKey(), k -> new ArrayList<>()).add(f));
    StringBuilder out = new StringBuilder();
    out.append(findings.size()).append(" findings in ").append(classes.size()).append(" classes\n");
    int i = 0;
    for (List<Finding> members : classes.values()) {
      Finding f = members.get(0);
      long operations = members.stream().map(m -> m.request() == null ? "-" : m.request().op().id()).distinct().count();
      out.append(String.format("  #%-4d %-19s %-28s %-38s %3d× on %2d ops  %s%n", ++i, f.problem(),
          f.request() == null ? "-" : f.request().kind(), f.statusText(), members.size(), operations,
          Printable.firstLine(f.signature(), 70)));
    }
    int n = 0;
    for (Map.Entry<String, List<Finding>> entry : classes.entrySet()) {
      List<Finding> members = entry.getValue();
      Finding first = members.get(0);
      Map<String, List<Finding>> byOperation = new TreeMap<>();
      for (Finding f : members) {
        byOperation.computeIfAbsent(f.request() == null ? "-" : f.request().op().id(), k -> new ArrayList<>()).add(f);
      }
      out.append("\n#").append(++n).append(' ').append(first.problem()).append(" — ").append(first.problem().meaning)
          .append("\n  kind:       ").append(first.request() == null ? "-" : first.request().kind())
          .append("\n  answer:     ").append(first.statusText())
          .append("\n  first line: ").append(first.signature())
          .append("\n  what:       ").append(first.what())
          .append("\n  count:      ").append(members.size()).append(" on ").append(byOperation.size())
          .append(" operation(s): ").append(byOperation.entrySet().stream()
              .map(e -> e.getKey() + "×" + e.getValue().size()).collect(Collectors.joining(", ")));
      int shown = 0;
      for (List<Finding> perOperation : byOperation.values()) {
        if (shown++ >= maxExamplesPerClass) {
          out.append("\n  … ").append(byOperation.size() - maxExamplesPerClass).append(" more operations");
          break;
        }
        Finding example = perOperation.get(0);
        if (example.request() != null) {
          out.append("\n  e.g. ").append(example.request());
        }
        if (example.outcome() != null && example.outcome().answered()) {
          out.append("\n       -> ").append(example.outcome().status()).append(' ')
              .append(Printable.firstLine(example.outcome().bodyText(), 160));
        }
        if (example.repro() != null) {
          out.append("\n       replay: ").append(example.repro());
        }
      }
      out.append('\n');
    }
    return out.toString();
  }
}
