package dev.keygate.store.postgres.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real two-node PostgreSQL 15 cluster under pg_auto_failover (a monitor and two data nodes with synchronous
 * replication, all on 127.0.0.1) that a failover test starts for itself, and the faults such a test injects: a planned
 * failover, a crash of the primary, the crashed node's return. Everything runs as the OS user {@code postgres}
 * (pg_autoctl refuses root) and is stopped by {@link #close()}, or by a shutdown hook if a test never gets there.
 *
 * <p>pg_autoctl comes from Debian's {@code postgresql-15-auto-failover}; {@link #start(Path)} installs it when the
 * tests run as root (CI does) and aborts the test, rather than failing it, when it can be had neither way.
 */
public final class AutoFailoverCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AutoFailoverCluster.class);
  private static final Path PG_BIN = Path.of("/usr/lib/postgresql/15/bin");
  private static final String PACKAGE = "postgresql-15-auto-failover";
  private static final String HOST = "127.0.0.1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
  /** Threads that drain the commands' output; not the common pool, which has one thread on a 2-core machine. */
  private static final ExecutorService READERS = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "auto-failover-cluster-output");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * The monitor's settings that decide how soon a crash of the primary becomes a failover (ALTER SYSTEM, then a
   * reload: all are reloadable). The defaults they replace are pg_auto_failover 2.0's as built by Debian, read from
   * the monitor's {@code pg_settings.boot_val}: health_check_period 5000 ms, health_check_timeout 5000 ms,
   * health_check_max_retries 2, health_check_retry_delay 2000 ms, node_considered_unhealthy_timeout 20000 ms,
   * primary_demote_timeout 30000 ms, startup_grace_period 10000 ms. With those, a crash kept writes away for about
   * 51 s in the feasibility run; with these, about 6 s.
   */
  private static final Map<String, String> MONITOR_SETTINGS = new LinkedHashMap<>();
  /** {@code -Dkeygate.test.pgaf.default-timeouts=true} keeps pg_auto_failover's defaults, to measure what they give. */
  public static final String DEFAULT_TIMEOUTS = "keygate.test.pgaf.default-timeouts";

  static {
    // how often the monitor connects to each node, how long it waits, how often and how soon it tries again before
    // it marks the node's health bad: about 1.5 s to notice a dead node. A live node on loopback answers at once.
    MONITOR_SETTINGS.put("pgautofailover.health_check_period", "1000");
    MONITOR_SETTINGS.put("pgautofailover.health_check_timeout", "2000");
    MONITOR_SETTINGS.put("pgautofailover.health_check_max_retries", "1");
    MONITOR_SETTINGS.put("pgautofailover.health_check_retry_delay", "500");
    // a node with bad health is unhealthy (failed over) once its keeper has not reported for this long. Keepers
    // report every 5 s, so a live node is kept from a needless failover by its health checks, not by its reports.
    MONITOR_SETTINGS.put("pgautofailover.node_considered_unhealthy_timeout", "3000");
    // how long a failover waits for an unreachable primary to demote itself (its keeper does after its 20 s
    // network_partition_timeout) before the standby may take writes. Safe here only because the tests' primaries are
    // really dead, not cut off from the monitor: a test of a network partition must put this back above 20 s.
    MONITOR_SETTINGS.put("pgautofailover.primary_demote_timeout", "2000");
    // no failover this soon after the monitor started
    MONITOR_SETTINGS.put("pgautofailover.startup_grace_period", "1000");
  }

  private final Path directory;
  private final Path root;
  private final boolean rootIsTemporary;
  private final Path autoctl;
  private final int monitorPort;
  private final Path monitorData;
  private final List<Node> nodes;
  private final List<Process> processes = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread shutdownHook = new Thread(this::close, "auto-failover-cluster-stop");

  /** A data node: its name in pg_auto_failover, its port on 127.0.0.1, its data directory and its log. */
  public static final class Node {
    private final String name;
    private final int port;
    private final Path pgdata;
    private final Path log;
    private Process keeper;

    private Node(String name, int port, Path pgdata, Path log) {
      this.name = name;
      this.port = port;
      this.pgdata = pgdata;
      this.log = log;
    }

    public String name() {
      return name;
    }

    public int port() {
      return port;
    }

    public Path pgdata() {
      return pgdata;
    }

    /** Where its {@code pg_autoctl} (keeper and PostgreSQL) writes its log. */
    public Path log() {
      return log;
    }

    @Override
    public String toString() {
      return name + "@" + port;
    }
  }

  private AutoFailoverCluster(Path directory, Path root, boolean rootIsTemporary, Path autoctl, List<Integer> ports) {
    this.directory = directory;
    this.root = root;
    this.rootIsTemporary = rootIsTemporary;
    this.autoctl = autoctl;
    this.monitorPort = ports.get(0);
    this.monitorData = root.resolve("monitor");
    this.nodes = List.of(
        new Node("node1", ports.get(1), root.resolve("node1"), directory.resolve("node1.log")),
        new Node("node2", ports.get(2), root.resolve("node2"), directory.resolve("node2.log")));
  }

  /**
   * Installs pg_autoctl if need be, starts a monitor and two data nodes on free ports and returns once one node is
   * primary and the other its synchronous secondary. Each call gets a fresh subdirectory of {@code directory} (under
   * the module's target/) for its logs and, if the user postgres can reach it, its data.
   */
  public static AutoFailoverCluster start(Path directory) {
    long started = System.nanoTime();
    Path autoctl = ensureInstalled();
    Path runDirectory;
    Path root;
    boolean temporary = false;
    try {
      Files.createDirectories(directory);
      runDirectory = Files.createTempDirectory(directory.toAbsolutePath(), "pgaf-");
      root = runDirectory;
      check("chown", "postgres:postgres", root.toString());
      if (run(COMMAND_TIMEOUT, List.of("runuser", "-u", "postgres", "--", "test", "-w", root.toString()), Map.of())
          .exit != 0) {
        // the user postgres must traverse every parent of the data; a checkout under a home or a 0700 /work does not
        // let it, so the data goes to a fresh directory under /var/tmp (removed by close), the logs stay here
        root = Files.createTempDirectory(Path.of("/var/tmp"), "keygate-pgaf-");
        temporary = true;
        Files.writeString(runDirectory.resolve("data-directory.txt"), root + "\n");
      }
      for (String xdg : List.of("config", "data", "run")) {
        Files.createDirectories(root.resolve("xdg").resolve(xdg));
      }
      check("chown", "-R", "postgres:postgres", root.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    AutoFailoverCluster cluster = new AutoFailoverCluster(runDirectory, root, temporary, autoctl, freePorts(3));
    Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
    try {
      cluster.startAll();
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
    LOG.info("pg_auto_failover cluster ready in {} ms: monitor on {}, nodes {}, logs in {}",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), cluster.monitorPort, cluster.nodes, runDirectory);
    return cluster;
  }

  private void startAll() {
    Deadline deadline = new Deadline(START_TIMEOUT);
    spawn(directory.resolve("monitor.log"), "create", "monitor", "--pgdata", monitorData.toString(), "--pgport",
        String.valueOf(monitorPort), "--hostname", HOST, "--auth", "trust", "--no-ssl", "--pgctl",
        PG_BIN.resolve("pg_ctl").toString(), "--run");
    deadline.await("the monitor to accept connections",
        () -> tryMonitor("select 1 from pgautofailover.formation") != null);
    if (!Boolean.getBoolean(DEFAULT_TIMEOUTS)) {
      configureMonitor();
    }
    // one node after the other, so that node1 is the first primary and node2 its standby, in every run
    startNode(nodes.get(0));
    deadline.await("node1 to register as single", () -> "single".equals(tryMonitor(
        "select reportedstate from pgautofailover.node where nodeport = " + nodes.get(0).port)));
    startNode(nodes.get(1));
    awaitPrimaryAndSecondary(Duration.ofNanos(deadline.remainingNanos()));
  }

  private void startNode(Node node) {
    node.keeper = spawn(node.log, "create", "postgres", "--pgdata", node.pgdata.toString(), "--pgport",
        String.valueOf(node.port), "--hostname", HOST, "--name", node.name, "--auth", "trust", "--no-ssl", "--pgctl",
        PG_BIN.resolve("pg_ctl").toString(), "--monitor", monitorUri(), "--run");
  }

  /** Sets {@link #MONITOR_SETTINGS} and checks that the monitor's sessions see them. */
  private void configureMonitor() {
    List<String> statements = new ArrayList<>();
    MONITOR_SETTINGS.forEach((name, value) -> statements.add("alter system set " + name + " = " + value));
    statements.add("select pg_reload_conf()");
    monitor(statements.toArray(String[]::new));
    // a reload reaches the other processes a moment later: a new session sees what they see
    String expected = MONITOR_SETTINGS.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .sorted().collect(Collectors.joining(","));
    String query = "select string_agg(name || '=' || setting, ',' order by name) from pg_settings where name in ("
        + MONITOR_SETTINGS.keySet().stream().map(n -> "'" + n + "'").collect(Collectors.joining(",")) + ")";
    new Deadline(Duration.ofSeconds(10)).await("the monitor to apply " + expected,
        () -> expected.equals(tryMonitor(query)));
  }

  /** The monitor's connection string, as the keepers and {@code pg_autoctl} commands use it. */
  public String monitorUri() {
    return "postgres://autoctl_node@" + HOST + ":" + monitorPort + "/pg_auto_failover?sslmode=disable";
  }

  /**
   * A libpq URI of both nodes that connects to whichever accepts writes:
   * {@code postgresql://postgres@127.0.0.1:P1,127.0.0.1:P2/<database>?target_session_attrs=read-write}.
   */
  public String uri(String database) {
    return "postgresql://postgres@" + nodes.stream().map(n -> HOST + ":" + n.port).collect(Collectors.joining(","))
        + "/" + database + "?target_session_attrs=read-write";
  }

  /** A URI of the node on {@code port} alone, whatever its role. */
  public String hostUri(int port, String database) {
    return "postgresql://postgres@" + HOST + ":" + port + "/" + database;
  }

  public List<Node> nodes() {
    return nodes;
  }

  public List<Integer> nodePorts() {
    return nodes.stream().map(Node::port).collect(Collectors.toList());
  }

  public int monitorPort() {
    return monitorPort;
  }

  /** The directory of this cluster's logs ({@code monitor.log}, {@code node1.log}, {@code node2.log}). */
  public Path directory() {
    return directory;
  }

  /**
   * The port of the node that the monitor has made primary (or wait_primary: a primary without a synchronous
   * standby) and that has reached that state; fails when there is none, as in the middle of a failover.
   */
  public int primaryPort() {
    String ports = monitor("select nodeport from pgautofailover.node where reportedstate = goalstate"
        + " and goalstate in ('primary', 'wait_primary', 'single')");
    if (ports.isEmpty() || ports.contains("\n")) {
      throw new IllegalStateException("no single primary now; the monitor says: " + states());
    }
    return Integer.parseInt(ports);
  }

  /**
   * The primary's port once the monitor records a single one. After a crash the promoted node takes writes a moment
   * before it reports its new state to the monitor, so a caller that saw a write succeed may still find the monitor
   * in transition; this waits for it, up to {@code timeout}.
   */
  public int awaitPrimaryPort(Duration timeout) {
    int[] port = new int[1];
    new Deadline(timeout).await(() -> "a single primary (monitor: " + states() + ", logs in " + directory + ")",
        () -> {
          try {
            port[0] = primaryPort();
            return true;
          } catch (IllegalStateException inTransition) {
            return false;
          }
        });
    return port[0];
  }

  /** The monitor's view of the nodes, one {@code port reported/goal health} per node, for failure messages. */
  public String states() {
    String states = tryMonitor("select string_agg(nodeport || ' ' || reportedstate || '/' || goalstate || ' health '"
        + " || health, ', ' order by nodeport) from pgautofailover.node");
    return states == null ? "(monitor not answering)" : states;
  }

  /**
   * Runs {@code sql} with psql on the node on {@code port} (database postgres, user postgres, autocommit) and returns
   * its unaligned, tuples-only output; fails with psql's message when it fails.
   */
  public String psql(int port, String sql) {
    return psql(hostUri(port, "postgres"), sql);
  }

  /** The same on any libpq connection string, {@link #uri} for one. */
  public String psql(String uri, String sql) {
    Result result = run(Duration.ofSeconds(30), List.of(PG_BIN.resolve("psql").toString(), "-X", "-A", "-t",
        "-q", "-v", "ON_ERROR_STOP=1", "-d", uri, "-c", sql), Map.of("PGCONNECT_TIMEOUT", "2"));
    if (result.exit != 0) {
      throw new IllegalStateException("psql on " + uri + " failed: " + result.output.strip());
    }
    return result.stdout.strip();
  }

  /**
   * A planned failover ({@code pg_autoctl perform failover}): the primary drains and becomes the standby, the standby
   * becomes primary. Returns once the new primary has its synchronous standby, which is some seconds after it started
   * to accept writes.
   */
  public void performFailover() {
    int before = primaryPort();
    Result result = run(COMMAND_TIMEOUT.plusSeconds(30), asPostgres("perform", "failover", "--group", "0",
        "--monitor", monitorUri(), "--wait", String.valueOf(COMMAND_TIMEOUT.toSeconds())), Map.of());
    if (result.exit != 0) {
      throw new IllegalStateException("pg_autoctl perform failover failed: " + result.output.strip());
    }
    awaitPrimaryAndSecondary(COMMAND_TIMEOUT);
    if (primaryPort() == before) {
      throw new IllegalStateException("the failover left the primary on " + before + ": " + states());
    }
  }

  /**
   * Crashes the primary: {@code pg_autoctl stop --immediate} ends its keeper and PostgreSQL at once, without a
   * checkpoint, and whatever of its process group is left is killed. The monitor then promotes the standby on its
   * own; {@link #restart(Node)} brings the crashed node back as the new standby.
   *
   * @return the node that was crashed
   */
  public Node crashPrimary() {
    Node primary = node(primaryPort());
    Result result = run(COMMAND_TIMEOUT, asPostgres("stop", "--pgdata", primary.pgdata.toString(),
        "--immediate"), Map.of());
    if (result.exit != 0) {
      throw new IllegalStateException("pg_autoctl stop --immediate of " + primary + " failed: " + result.output);
    }
    try {
      if (!primary.keeper.waitFor(30, TimeUnit.SECONDS)) {
        LOG.warn("{}'s pg_autoctl still running 30 s after stop --immediate; killing it", primary);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    killGroup(primary.keeper);
    synchronized (processes) {
      processes.remove(primary.keeper); // close() must not kill a group of that id again: the id may be reused
    }
    return primary;
  }

  /**
   * Runs the keeper of a node that {@link #crashPrimary()} stopped again ({@code pg_autoctl run}): it learns from the
   * monitor that the other node is primary now and rejoins as its standby (pg_rewind). Returns at once; wait with
   * {@link #awaitPrimaryAndSecondary(Duration)}.
   */
  public void restart(Node node) {
    if (node.keeper != null && node.keeper.isAlive()) {
      throw new IllegalStateException(node + " is still running");
    }
    node.keeper = spawn(node.log, "run", "--pgdata", node.pgdata.toString());
  }

  /**
   * Waits until the monitor has one node primary and the other secondary, both having reached those states, and the
   * primary takes writes with synchronous replication to a streaming standby ({@code synchronous_standby_names} set).
   */
  public void awaitPrimaryAndSecondary(Duration timeout) {
    new Deadline(timeout).await(() -> "a primary with a synchronous secondary (monitor: " + states() + ", logs in "
        + directory + ")", this::isPrimaryAndSecondary);
  }

  private boolean isPrimaryAndSecondary() {
    String states = tryMonitor("select string_agg(nodeport || ' ' || reportedstate || ' ' || goalstate, ','"
        + " order by nodeport) from pgautofailover.node");
    if (states == null) {
      return false;
    }
    String[] rows = states.split(",");
    if (rows.length != 2) {
      return false;
    }
    Integer primary = null;
    boolean secondary = false;
    for (String row : rows) {
      String[] fields = row.split(" ");
      if (fields[1].equals("primary") && fields[2].equals("primary")) {
        primary = Integer.parseInt(fields[0]);
      } else if (fields[1].equals("secondary") && fields[2].equals("secondary")) {
        secondary = true;
      }
    }
    if (primary == null || !secondary) {
      return false;
    }
    try {
      return "t".equals(psql(primary, "select not pg_is_in_recovery()"
          + " and current_setting('transaction_read_only') = 'off'"
          + " and current_setting('synchronous_standby_names') <> ''"
          + " and exists (select 1 from pg_stat_replication where state = 'streaming'"
          + " and sync_state in ('sync', 'quorum'))"));
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /**
   * Stops the keepers and PostgreSQL servers ({@code pg_autoctl stop --fast}), then kills what is left of each
   * process group this cluster started. The data stays, except a temporary copy under /var/tmp.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: this is the hook
    }
    List<Process> stops = new ArrayList<>();
    for (Path pgdata : List.of(nodes.get(0).pgdata, nodes.get(1).pgdata, monitorData)) {
      if (Files.exists(pgdata.resolve("postmaster.pid"))) {
        try {
          stops.add(new ProcessBuilder(asPostgres("stop", "--pgdata", pgdata.toString(), "--fast"))
              .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        } catch (IOException e) {
          LOG.warn("could not run pg_autoctl stop on {}", pgdata, e);
        }
      }
    }
    List<Process> started;
    synchronized (processes) {
      started = new ArrayList<>(processes);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (Process process : Stream.concat(stops.stream(), started.stream()).collect(Collectors.toList())) {
      try {
        process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    started.forEach(AutoFailoverCluster::killGroup);
    for (Path pgdata : List.of(nodes.get(0).pgdata, nodes.get(1).pgdata, monitorData)) {
      killPostmaster(pgdata);
    }
    if (rootIsTemporary) {
      deleteRecursively(root);
    }
  }

  private Node node(int port) {
    return nodes.stream().filter(n -> n.port == port).findFirst()
        .orElseThrow(() -> new IllegalStateException("no node on " + port));
  }

  /**
   * Runs each of {@code statements} in a transaction of its own on the monitor's database as the superuser postgres,
   * over its Unix socket, and returns psql's output.
   */
  private String monitor(String... statements) {
    List<String> command = new ArrayList<>(List.of(PG_BIN.resolve("psql").toString(), "-X", "-A", "-t", "-q", "-v",
        "ON_ERROR_STOP=1", "-p", String.valueOf(monitorPort), "-d", "pg_auto_failover"));
    for (String statement : statements) {
      command.addAll(List.of("-c", statement));
    }
    Result result = run(Duration.ofSeconds(30), asPostgresCommand(command.toArray(String[]::new)),
        Map.of("PGCONNECT_TIMEOUT", "2"));
    if (result.exit != 0) {
      throw new IllegalStateException("psql on the monitor failed: " + result.output.strip());
    }
    return result.stdout.strip();
  }

  /** The monitor's answer, or null while it does not answer (not yet up, restarting). */
  private String tryMonitor(String sql) {
    try {
      return monitor(sql);
    } catch (IllegalStateException e) {
      return null;
    }
  }

  /**
   * Starts {@code pg_autoctl <arguments>} as the user postgres in a process group of its own ({@code setsid}, which
   * execs in place: the process's pid is the group's id), its output appended to {@code log}.
   */
  private Process spawn(Path log, String... arguments) {
    List<String> command = new ArrayList<>(List.of("setsid"));
    command.addAll(asPostgres(arguments));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      synchronized (processes) {
        processes.add(process);
      }
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> asPostgres(String... arguments) {
    List<String> command = new ArrayList<>(List.of(autoctl.toString()));
    command.addAll(List.of(arguments));
    return asPostgresCommand(command.toArray(String[]::new));
  }

  /**
   * {@code command} run as the user postgres, with the PostgreSQL 15 binaries first on its PATH and pg_autoctl's
   * XDG directories (its configuration and state files) under this cluster's directory rather than postgres's home.
   * {@code env --default-signal} unblocks every signal: the JVM starts its children with SIGQUIT (its thread dump
   * signal) blocked, and {@code pg_autoctl stop --immediate} is a SIGQUIT that a keeper so started never receives.
   */
  private List<String> asPostgresCommand(String... command) {
    Path xdg = root.resolve("xdg");
    List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--", "env", "--default-signal",
        "PATH=" + PG_BIN + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
        "XDG_CONFIG_HOME=" + xdg.resolve("config"), "XDG_DATA_HOME=" + xdg.resolve("data"),
        "XDG_RUNTIME_DIR=" + xdg.resolve("run")));
    full.addAll(List.of(command));
    return full;
  }

  /**
   * Kills what is left of the process group that {@code process} leads. The group may outlive its leader (a keeper's
   * PostgreSQL when runuser is gone); while any member lives, Linux does not hand out the group's id as a new pid,
   * so a group that still has members is this one and not a stranger's that got a reused id (pid_max may be 32768).
   */
  private static void killGroup(Process process) {
    process.destroyForcibly();
    if (hasMembers(process.pid())) {
      run(Duration.ofSeconds(10), List.of("kill", "-KILL", "--", "-" + process.pid()), Map.of());
    }
  }

  /**
   * Kills a postmaster that still runs on {@code pgdata}: pg_ctl starts servers in a session of their own, out of
   * the keepers' process groups, for instance the one that recovers a crashed node's data before pg_rewind.
   */
  private static void killPostmaster(Path pgdata) {
    try {
      Path pidFile = pgdata.resolve("postmaster.pid");
      if (!Files.exists(pidFile)) {
        return;
      }
      String pid = Files.readAllLines(pidFile).get(0).strip();
      Path cmdline = Path.of("/proc", pid, "cmdline");
      // only that very server: a postgres process whose command line names this data directory
      if (Files.exists(cmdline) && new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ')
          .matches(".*postgres.* " + Pattern.quote(pgdata.toString()) + "( .*|$)")) {
        LOG.warn("killing the postmaster {} left on {}", pid, pgdata);
        run(Duration.ofSeconds(10), List.of("kill", "-KILL", pid), Map.of());
      }
    } catch (IOException | IndexOutOfBoundsException e) {
      // no server there, or it went away meanwhile
    }
  }

  private static boolean hasMembers(long group) {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).anyMatch(p -> {
        try {
          // pid (comm) state ppid pgrp …: comm may hold spaces and parentheses, the fields after the last ')' not
          String stat = Files.readString(p.resolve("stat"));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          return Long.parseLong(fields[2]) == group;
        } catch (IOException | RuntimeException e) {
          return false; // gone meanwhile
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The path of pg_autoctl, installed with apt-get first if need be and possible; aborts the calling test when it
   * is not.
   */
  private static synchronized Path ensureInstalled() {
    Path found = findAutoctl();
    if (found != null) {
      return found;
    }
    String how = "run `apt-get install postgresql-15-auto-failover` as root (Debian bookworm), or run the tests as "
        + "root so that they install it themselves";
    if (!"root".equals(System.getProperty("user.name"))) {
      Assumptions.abort("pg_autoctl (pg_auto_failover 2.0) is not installed and the tests do not run as root: " + how);
    }
    LOG.info("installing {} for pg_autoctl", PACKAGE);
    List<String> install = List.of("apt-get", "-o", "DPkg::Lock::Timeout=120", "install", "-y",
        "--no-install-recommends", PACKAGE);
    Map<String, String> env = Map.of("DEBIAN_FRONTEND", "noninteractive");
    Result result = run(Duration.ofMinutes(5), install, env);
    if (result.exit != 0) {
      // a fresh machine's package lists may be missing or stale
      run(Duration.ofMinutes(5), List.of("apt-get", "-o", "DPkg::Lock::Timeout=120", "update"), env);
      result = run(Duration.ofMinutes(5), install, env);
    }
    found = findAutoctl();
    if (result.exit != 0 || found == null) {
      Assumptions.abort("pg_autoctl (pg_auto_failover 2.0) is not installed and `apt-get install " + PACKAGE
          + "` failed: " + tail(result.output) + "; " + how);
    }
    return found;
  }

  /** pg_autoctl, if it is there with the monitor's extension for PostgreSQL 15 and that PostgreSQL's binaries. */
  private static Path findAutoctl() {
    Path autoctl = Path.of("/usr/bin/pg_autoctl");
    boolean installed = Files.isExecutable(autoctl) && Files.isExecutable(PG_BIN.resolve("pg_ctl"))
        && Files.exists(Path.of("/usr/share/postgresql/15/extension/pgautofailover.control"));
    return installed ? autoctl : null;
  }

  /**
   * {@code count} ports that can be bound now, below 32768: above, in the kernel's ephemeral range, a client socket
   * may hold the port, and the feasibility run saw a postmaster then listen on IPv6 only. The random start keeps a
   * stale cluster of an earlier run out of the way.
   */
  private static List<Integer> freePorts(int count) {
    List<Integer> ports = new ArrayList<>();
    int low = 20_000;
    int high = 32_000;
    int candidate = ThreadLocalRandom.current().nextInt(low, high);
    for (int tried = 0; ports.size() < count && tried < high - low; tried++) {
      candidate = candidate + 1 >= high ? low : candidate + 1;
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(candidate)); // the wildcard address, as PostgreSQL's listen_addresses '*'
        ports.add(candidate);
      } catch (IOException e) {
        // taken
      }
    }
    if (ports.size() < count) {
      throw new IllegalStateException("no " + count + " free ports between " + low + " and " + high);
    }
    return ports;
  }

  private static void deleteRecursively(Path path) {
    try (Stream<Path> walk = Files.walk(path)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("could not delete {}", path, e);
    }
  }

  private static String tail(String output) {
    String stripped = output.strip();
    return stripped.length() <= 500 ? stripped : "…" + stripped.substring(stripped.length() - 500);
  }

  private record Result(int exit, String stdout, String output) {
  }

  /** Runs a short command that must succeed. */
  private static void check(String... command) {
    Result result = run(COMMAND_TIMEOUT, List.of(command), Map.of());
    if (result.exit != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + result.output.strip());
    }
  }

  /** Runs a short command to its end; its stdout, and stdout and stderr together for messages. */
  private static Result run(Duration timeout, List<String> command, Map<String, String> env) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(env);
      Process process = builder.start();
      CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()), READERS);
      CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()), READERS);
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not end within " + timeout);
      }
      String out = stdout.join();
      return new Result(process.exitValue(), out, out + stderr.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** A bounded wait: polls a condition every 200 ms until it holds or the time is up. */
  private static final class Deadline {
    private final long end;

    Deadline(Duration timeout) {
      this.end = System.nanoTime() + timeout.toNanos();
    }

    long remainingNanos() {
      return Math.max(0, end - System.nanoTime());
    }

    void await(String what, BooleanSupplier condition) {
      await(() -> what, condition);
    }

    void await(Supplier<String> what, BooleanSupplier condition) {
      while (!condition.getAsBoolean()) {
        if (System.nanoTime() >= end) {
          throw new IllegalStateException("timed out waiting for " + what.get());
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
  }
}
