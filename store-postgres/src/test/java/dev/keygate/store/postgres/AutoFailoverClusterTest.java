package dev.keygate.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.store.postgres.testing.AutoFailoverCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The failover harness itself, without any Keygate code: a psql writer on the cluster's multi-host URI keeps writing
 * through a planned failover and a crash of the primary, every write it saw acknowledged is on the final primary, and
 * the time from each fault to the first write the new primary accepted is printed.
 */
class AutoFailoverClusterTest {

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void writesMoveToTheOtherNodeOnAPlannedFailoverAndOnACrashAndNoAcknowledgedWriteIsLost() throws Exception {
    long started = System.nanoTime();
    try (AutoFailoverCluster cluster = AutoFailoverCluster.start(Path.of("target", "pgaf"))) {
      System.out.printf("cluster start: %d ms%n", millisSince(started));
      String uri = cluster.uri("postgres");
      cluster.psql(uri, "create table marks (id bigint primary key)");
      cluster.psql(uri, "insert into marks values (-1)");
      int first = cluster.primaryPort();

      Writer writer = new Writer(cluster, uri);
      writer.start();
      try {
        long planned = System.nanoTime();
        cluster.performFailover();
        int second = cluster.primaryPort();
        assertThat(second).isNotEqualTo(first);
        assertThat(cluster.psql(second, "select count(*) from marks where id = -1")).isEqualTo("1");
        writer.awaitAcknowledgedOn(second, planned, Duration.ofSeconds(30));
        report("planned failover", writer, planned, second);

        long crash = System.nanoTime();
        AutoFailoverCluster.Node crashed = cluster.crashPrimary();
        assertThat(crashed.port()).isEqualTo(second);
        writer.awaitAcknowledgedOn(first, crash, Duration.ofSeconds(60));
        assertThat(cluster.awaitPrimaryPort(Duration.ofSeconds(30))).isEqualTo(first);
        report("crash failover", writer, crash, first);

        cluster.restart(crashed);
        cluster.awaitPrimaryAndSecondary(Duration.ofSeconds(60));
        System.out.printf("crashed node back as synchronous standby: %d ms after the crash%n", millisSince(crash));
        assertThat(cluster.primaryPort()).isEqualTo(first);
        assertThat(cluster.psql(crashed.port(), "select pg_is_in_recovery()")).isEqualTo("t");
      } finally {
        writer.stop();
      }
      List<Long> acknowledged = writer.acknowledgedIds();
      assertThat(acknowledged).isNotEmpty();
      String ids = acknowledged.stream().map(String::valueOf).collect(Collectors.joining(","));
      assertThat(cluster.psql(first, "select count(*) from marks where id in (" + ids + ")"))
          .isEqualTo(String.valueOf(acknowledged.size()));
      System.out.printf("%d acknowledged writes, all on the final primary; %d failed attempts%n", acknowledged.size(),
          writer.failures());
    }
    System.out.printf("total: %d ms%n", millisSince(started));
  }

  private static void report(String fault, Writer writer, long injected, int newPrimary) {
    Attempt back = writer.firstAcknowledgedOn(newPrimary, injected);
    assertThat(back).as("a write acknowledged by %d after the %s", newPrimary, fault).isNotNull();
    long gap = writer.longestGapAfter(injected);
    System.out.printf("%s: first write accepted by the new primary %d ms after the injection; longest gap between"
        + " acknowledged writes %d ms%n", fault, TimeUnit.NANOSECONDS.toMillis(back.end - injected),
        TimeUnit.NANOSECONDS.toMillis(gap));
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }

  /** One insert: when it began and ended, and the port of the node that acknowledged it (0 if it failed). */
  private record Attempt(long id, long start, long end, int port) {
  }

  /** A psql insert every 100 ms through the multi-host URI, which connects to whichever node takes writes. */
  private static final class Writer {
    private final AutoFailoverCluster cluster;
    private final String uri;
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final Thread thread = new Thread(this::run, "failover-writer");
    private volatile boolean running = true;

    Writer(AutoFailoverCluster cluster, String uri) {
      this.cluster = cluster;
      this.uri = uri;
    }

    void start() {
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
    }

    private void run() {
      for (long id = 1; running; id++) {
        long start = System.nanoTime();
        int port = 0;
        try {
          port = Integer.parseInt(cluster.psql(uri, "insert into marks values (" + id + ")"
              + " returning inet_server_port()"));
        } catch (IllegalStateException e) {
          // no node takes writes now (refused, read-only): the outage being measured
        }
        long end = System.nanoTime();
        attempts.add(new Attempt(id, start, end, port));
        long pause = TimeUnit.MILLISECONDS.toNanos(100) - (end - start);
        if (pause > 0) {
          try {
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(pause));
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }

    Attempt firstAcknowledgedOn(int port, long after) {
      return attempts.stream().filter(a -> a.port == port && a.start >= after).findFirst().orElse(null);
    }

    void awaitAcknowledgedOn(int port, long after, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (firstAcknowledgedOn(port, after) == null) {
        assertThat(System.nanoTime()).as("a write acknowledged by %d within %s", port, timeout).isLessThan(deadline);
        Thread.sleep(50);
      }
    }

    /** The longest time between two acknowledged writes that ended after {@code after}, or before the first one. */
    long longestGapAfter(long after) {
      long previous = after;
      long longest = 0;
      for (Attempt attempt : attempts) {
        if (attempt.port != 0 && attempt.end > after) {
          longest = Math.max(longest, attempt.end - previous);
          previous = attempt.end;
        }
      }
      return longest;
    }

    List<Long> acknowledgedIds() {
      return attempts.stream().filter(a -> a.port != 0).map(Attempt::id).collect(Collectors.toList());
    }

    long failures() {
      return attempts.stream().filter(a -> a.port == 0).count();
    }
  }
}
