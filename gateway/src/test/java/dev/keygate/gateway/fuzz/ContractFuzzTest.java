package dev.keygate.gateway.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.fuzz.Draft.FuzzRequest;
import dev.keygate.gateway.fuzz.Findings.Finding;
import dev.keygate.gateway.fuzz.Findings.Problem;
import dev.keygate.gateway.fuzz.Wire.Outcome;
import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.TestGateway;
import dev.keygate.gateway.testing.TestStore;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A contract-driven fuzzer: for every operation of every served contract, valid requests generated from the schemas
 * against real data, then each mutation kind that applies ({@link Mutations}), then more at random up to the budget,
 * each answer checked ({@link Findings}): no dropped connection, no 5xx but a documented 503 (or a 501 the operation
 * lists), a documented status, a body valid against the contract for that status, no 2xx for a request that breaks
 * the contract; at the end no ERROR log line, the gateway alive, and the data written before the sweep as it was.
 *
 * <p>System properties: {@code keygate.fuzz.seed} (the seed, printed at the start and in the failure with the
 * command that replays it: a number, or {@code random} for a new one; the build hands over gateway/pom.xml's fixed
 * seed, the profile {@code fuzz-random} {@code random}, and a run without the property draws one),
 * {@code keygate.fuzz.requests} (requests per operation at least; default 60: every applicable kind once, the rest at
 * random), {@code keygate.fuzz.operations} (a comma-separated list of operation ids, to replay one),
 * {@code keygate.fuzz.maxSeconds} (a safety stop for the whole sweep, default 240). The report is printed and written
 * to {@code gateway/target/fuzz/<store>-report.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EveryStore
class ContractFuzzTest {

  static final String SEED = "keygate.fuzz.seed";
  /** The value of {@link #SEED} that draws a new seed. */
  static final String RANDOM = "random";
  static final String REQUESTS = "keygate.fuzz.requests";
  static final String OPERATIONS = "keygate.fuzz.operations";
  static final String MAX_SECONDS = "keygate.fuzz.maxSeconds";

  /** The valid request, sent a few times before the mutations (different optional fields and credentials). */
  private static final int VALID_REQUESTS = 3;

  private TestGateway gateway;

  @BeforeAll
  void start() {
    gateway = TestGateway.start();
  }

  @AfterAll
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  // above the sweep's own safety stop (keygate.fuzz.maxSeconds, 240 s by default) and the report written after it
  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void everyOperationOfEveryServedContractAnswersEveryMutationByTheContract() {
    long seed = seed(System.getProperty(SEED, RANDOM));
    int perOperation = Integer.getInteger(REQUESTS, 60);
    long maxMillis = Long.getLong(MAX_SECONDS, 240) * 1000;
    Set<String> only = System.getProperty(OPERATIONS, "").isBlank() ? Set.of()
        : Arrays.stream(System.getProperty(OPERATIONS).split(",")).map(String::trim).collect(Collectors.toSet());
    String store = TestStore.kind();
    String replay = "mvn -B -o -q verify -pl gateway -am -Dsurefire.failIfNoSpecifiedTests=false "
        + "-Dtest=ContractFuzzTest -D" + SEED + "=" + seed + (store.equals("memory") ? "" : " (the " + store + " run)");
    System.out.println("[fuzz] store " + store + ", seed " + seed + ", at least " + perOperation
        + " requests per operation; replay: " + replay);

    ContractModel model = ContractModel.load();
    Wire wire = new Wire(gateway.port());
    Findings findings = new Findings(model.operations(), gateway.port());
    for (String surface : model.surfaces()) {
      Outcome served = wire.send(new Draft(new ContractModel.Operation(surface, "served", "GET", "/openapi/" + surface
          + ".yaml", List.of(), null, Set.of(200), false, "", false, List.of(), true)).build());
      assertThat(served.status()).as("the gateway serves /openapi/%s.yaml", surface).isEqualTo(200);
    }
    List<ContractModel.Operation> operations = model.operations().stream()
        .filter(op -> only.isEmpty() || only.contains(op.id())).toList();
    assertThat(operations).as("operations to fuzz (%s=%s)", OPERATIONS, only).isNotEmpty();

    World world = new World(gateway.http(), gateway.tenants());
    Requests requests = new Requests(world);
    Mutations mutations = new Mutations(requests);
    for (ContractModel.Operation op : operations) {
      requests.probe(op, new Values(new Random(seed))); // every operation has a valid request, or this says why
    }
    JsonObject before = world.snapshot();

    long started = System.currentTimeMillis();
    Map<String, String> timing = new LinkedHashMap<>();
    boolean stopped = false;
    try (LogCapture logs = new LogCapture()) {
      for (ContractModel.Operation op : operations) {
        long opStarted = System.currentTimeMillis();
        Values values = new Values(new Random(seed ^ (op.surface() + " " + op.id()).hashCode() * 0x9E3779B97F4A7C15L));
        List<String> plan = plan(op, requests, mutations, values, perOperation);
        int count = 0;
        int problems = 0;
        Set<String> hung = new HashSet<>();
        for (int i = 0; i < plan.size(); i++) {
          String kindName = plan.get(i);
          if (System.currentTimeMillis() - started > maxMillis) {
            stopped = true;
            break;
          }
          if (i >= firstRandom(plan, mutations) && hung.contains(kindName)) {
            continue; // it hung once already: found, and every repetition costs the full timeout
          }
          FuzzRequest request;
          try {
            request = prepare(op, kindName, requests, mutations, values, model.operations());
          } catch (RuntimeException | AssertionError e) {
            findings.add(new Finding(Problem.PREPARE, null, null, op.id() + " " + kindName + ": "
                + Printable.firstLine(String.valueOf(e.getMessage()), 300), null));
            continue;
          }
          if (request == null) {
            continue;
          }
          logs.during(request);
          Outcome outcome = againIfSlowOnce(wire, request, wire.send(request));
          List<Finding> found = new ArrayList<>(findings.check(request, outcome));
          for (Wire.SilentClose close : wire.drainSilentCloses()) {
            Finding f = new Finding(Problem.TRANSPORT, close.request(), close.answer(), close.what(),
                Repro.keepAlive(close.request(), gateway.port()));
            findings.add(f);
          }
          for (Finding f : found) {
            if (f.problem() == Problem.SLOW_SUCCESS || f.what().contains("SLOW_SUCCESS")) {
              requests.avoid(op, request.credential());
            }
            if (f.problem() == Problem.TRANSPORT) {
              hung.add(kindName);
            }
          }
          problems += found.size();
          count++;
        }
        timing.put(op.id(), count + " requests, " + problems + " findings, "
            + (System.currentTimeMillis() - opStarted) + " ms");
        System.out.println("[fuzz] " + op + ": " + timing.get(op.id()));
        if (stopped) {
          break;
        }
      }
      logs.during(null);
      for (LogCapture.Line line : logs.lines()) {
        findings.add(new Finding(Problem.ERROR_LOG, line.during(), null, line.logger() + ": " + line.message()
            + (line.throwable() == null ? "" : " — " + line.throwable()),
            line.during() == null ? null : Repro.of(line.during(), gateway.port())));
      }
    }
    long sweepMillis = System.currentTimeMillis() - started;

    Outcome health = wire.send(new Draft(new ContractModel.Operation("-", "healthz", "GET", "/healthz", List.of(),
        null, Set.of(200), false, "", false, List.of(), true)).build());
    if (!health.answered() || health.status() != 200) {
      findings.add(new Finding(Problem.AFTER_SWEEP, null, health, "GET /healthz: " + (health.answered()
          ? health.status() + " " + health.bodyText() : health.transport()), null));
    }
    try {
      for (String difference : World.differences(before, world.snapshot())) {
        findings.add(new Finding(Problem.AFTER_SWEEP, null, null, "data written before the sweep changed: "
            + difference, null));
      }
    } catch (RuntimeException | AssertionError e) {
      findings.add(new Finding(Problem.AFTER_SWEEP, null, null, "reading the data back failed: "
          + Printable.firstLine(String.valueOf(e.getMessage()), 300), null));
    }

    String report = header(store, seed, perOperation, replay, sweepMillis, stopped, timing, findings, wire)
        + findings.report(4);
    report = printable(report);
    write(store, report);
    System.out.println(report);
    if (!findings.isEmpty()) {
      // the index of classes, not the findings themselves: the full report is above and in the file
      String index = report.substring(report.indexOf(" findings in ") - String.valueOf(findings.all().size()).length());
      int end = index.indexOf("\n#1 ");
      Assertions.fail("the fuzzer found " + findings.all().size() + " answers against the"
          + " contract (seed " + seed + ", store " + store + "; full report in gateway/target/fuzz/" + store
          + "-report.txt; replay: " + replay + "):\n" + (end < 0 ? index : index.substring(0, end)));
    }
  }

  /** Where the random part of a plan starts: after the valid requests and one of each applicable kind. */
  private static int firstRandom(List<String> plan, Mutations mutations) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < plan.size(); i++) {
      if (!seen.add(plan.get(i)) && !plan.get(i).equals("valid")) {
        return i;
      }
    }
    return plan.size();
  }

  /** Valid requests first, then every kind that applies once, then kinds at random up to the budget. */
  private static List<String> plan(ContractModel.Operation op, Requests requests, Mutations mutations, Values values,
                                   int perOperation) {
    List<String> plan = new ArrayList<>();
    for (int i = 0; i < VALID_REQUESTS; i++) {
      plan.add("valid");
    }
    Draft probe = requests.probe(op, values);
    List<String> applicable = mutations.all().stream().filter(k -> k.applies().test(probe)).map(Mutations.Kind::name)
        .toList();
    plan.addAll(applicable);
    while (plan.size() < perOperation && !applicable.isEmpty()) {
      plan.add(values.pick(applicable));
    }
    return plan;
  }

  private static FuzzRequest prepare(ContractModel.Operation op, String kindName, Requests requests,
                                     Mutations mutations, Values values, List<ContractModel.Operation> all) {
    for (int attempt = 0; attempt < 3; attempt++) {
      Draft base = requests.base(op, values);
      if (kindName.equals("valid")) {
        return base.build();
      }
      Mutations.Kind kind = mutations.all().stream().filter(k -> k.name().equals(kindName)).findFirst().orElseThrow();
      if (!kind.applies().test(base)) {
        continue; // this valid request left out what the kind changes (an optional body): another one
      }
      Draft mutated = kind.apply().apply(base.copy(), values);
      if (mutated != null && !retargets(mutated.build(), all)) {
        return mutated.build();
      }
    }
    return null;
  }

  /**
   * Whether a request that changes or deletes something names, after dot-segment removal, another operation of the
   * same method: {@code DELETE /projects/A/apps/..} is {@code DELETE /projects/A}, and would delete the protected
   * project the sweep reads back at the end. Such a draft is not sent; another one is drawn.
   */
  private static boolean retargets(FuzzRequest request, List<ContractModel.Operation> all) {
    if (request.method().equals("GET")) {
      return false;
    }
    String normalized = Paths.normalize(request.pathOnly());
    return !normalized.equals(request.pathOnly())
        && Paths.operation(all, request.method(), normalized).filter(o -> o != request.op()).isPresent();
  }

  /** The seed {@code property} names: a number, or {@link #RANDOM} for a new one. */
  static long seed(String property) {
    return RANDOM.equals(property.trim()) ? new Random().nextLong() : Long.parseLong(property.trim());
  }

  private static String header(String store, long seed, int perOperation, String replay, long sweepMillis,
                               boolean stopped, Map<String, String> timing, Findings findings, Wire wire) {
    StringBuilder s = new StringBuilder();
    s.append("==== Keygate contract fuzzer: store ").append(store).append(", seed ").append(seed).append('\n')
        .append("replay: ").append(replay).append(" (one operation: add -D").append(OPERATIONS).append("=<id>)\n")
        .append("sweep: ").append(findings.sent().values().stream().mapToInt(Integer::intValue).sum())
        .append(" requests on ").append(timing.size()).append(" operations in ").append(sweepMillis)
        .append(" ms (at least ")
        .append(perOperation).append(" per operation; java.net.http connections found closed and retried: ")
        .append(wire.staleConnections()).append(")\n");
    if (stopped) {
      s.append("STOPPED EARLY: the sweep ran over -D").append(MAX_SECONDS)
          .append("; later operations were not fuzzed\n");
    }
    s.append("per operation (requests, statuses seen, statuses of the valid requests):\n");
    for (Map.Entry<String, String> e : timing.entrySet()) {
      s.append("  ").append(e.getKey()).append(": ").append(e.getValue()).append(", statuses ")
          .append(findings.statuses().getOrDefault(e.getKey(), Map.of())).append(", valid ")
          .append(findings.validStatuses().getOrDefault(e.getKey(), Map.of())).append('\n');
    }
    s.append("valid requests answered 400 (not a finding: the generator's reading of the contract, or the gateway's;"
        + " 404, 409 and a missing secret come from reused victims):\n");
    for (String line : findings.rejectedValid()) {
      s.append("  ").append(line).append('\n');
    }
    s.append("slowest answers:\n");
    for (Findings.Slow slow : findings.slowest(10)) {
      s.append("  ").append(slow.millis()).append(" ms ").append(Printable.firstLine(slow.request(), 200)).append('\n');
    }
    Set<String> kinds = new TreeSet<>();
    findings.all().forEach(f -> {
      if (f.request() != null) {
        kinds.add(f.request().kind());
      }
    });
    s.append("mutation kinds with findings: ").append(kinds).append("\n\n");
    return s.toString();
  }

  /** Bodies and log lines may carry control bytes (NUL, ESC): escaped, so that the report stays text. */
  private static String printable(String report) {
    StringBuilder out = new StringBuilder(report.length());
    report.codePoints().forEach(c -> {
      if (c < 0x20 && c != '\n' || c == 0x7f) {
        out.append(String.format("\\x%02x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }

  private static void write(String store, String report) {
    try {
      Path dir = Path.of("target", "fuzz");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(store + "-report.txt"), report, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A success slower than {@link Findings#SLOW_MILLIS} is sent once more, and the second answer counts when it is a
   * fast success: what the check looks for (a tarpit on the right credentials) slows every repetition, while a single
   * slow answer on a loaded machine (a key pair generated on a busy core) does not come back.
   */
  private static Outcome againIfSlowOnce(Wire wire, FuzzRequest request, Outcome outcome) {
    if (!outcome.answered() || outcome.status() < 200 || outcome.status() >= 300
        || outcome.millis() <= Findings.SLOW_MILLIS) {
      return outcome;
    }
    Outcome again = wire.send(request);
    return again.answered() && again.status() >= 200 && again.status() < 300
        && again.millis() <= Findings.SLOW_MILLIS ? again : outcome;
  }
}
