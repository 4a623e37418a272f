package dev.keygate.store.postgres;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Coalesces concurrent writes to one aggregate in this process into batches, so that many of them share one row lock
 * and one commit instead of queueing on the row lock and paying a commit (an fsync) each.
 *
 * <p>Each aggregate (its key) has a lane. When no batch of that aggregate is in flight, a write starts at once, alone,
 * so an idle store adds no latency. Writes arriving while a batch is in flight wait in the lane and go together in
 * the next batch, at most {@link #MAX_BATCH} of them, in arrival order. So at most one batch per aggregate is in flight
 * in this process; several processes on one database are kept correct by the row lock and the constraints, which each
 * batch still takes and meets, not by this class.
 *
 * <p>The {@link Runner} answers each member only after its write committed (or failed); a member it leaves unanswered
 * fails with the batch's failure. Callers are answered on the Vert.x context they called from, as the pool answers
 * its own calls, although the batch ran on another caller's.
 */
final class AggregateBatcher<W, R> {

  /**
   * The largest batch: big enough that one commit serves every caller of a busy aggregate (a gateway's pool is 16
   * connections, a load test has some 64 callers), small enough to keep one transaction's statements short.
   */
  static final int MAX_BATCH = 128;

  /** Applies one batch of one aggregate; must answer every member (see {@link Member#answer}). */
  interface Runner<W, R> {
    Future<?> apply(List<Member<W, R>> batch);
  }

  /** One write waiting for or taking part in a batch. */
  static final class Member<W, R> {
    private final W write;
    private final long queuedAt = System.nanoTime();
    private final CompletableFuture<R> result = new CompletableFuture<>();

    private Member(W write) {
      this.write = write;
    }

    W write() {
      return write;
    }

    /** Answers the caller; only the first answer counts. */
    void answer(AsyncResult<R> outcome) {
      if (outcome.succeeded()) {
        result.complete(outcome.result());
      } else {
        result.completeExceptionally(outcome.cause());
      }
    }

    void fail(Throwable cause) {
      result.completeExceptionally(cause);
    }
  }

  /**
   * Settles a batch that ran as one transaction: once committed, each member gets its own outcome; a failure that
   * concerns every member (the database away, the aggregate missing) goes to all; any other failure committed nothing,
   * so each member runs again alone and a bad member fails alone.
   */
  static <W, R> Future<?> settle(List<Member<W, R>> batch, AsyncResult<List<Future<R>>> done,
                                 Predicate<Throwable> concernsAll, Function<Member<W, R>, Future<R>> alone) {
    if (done.succeeded()) {
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).answer(done.result().get(i));
      }
      return Future.succeededFuture();
    }
    if (concernsAll.test(done.cause())) {
      batch.forEach(member -> member.fail(done.cause()));
      return Future.succeededFuture();
    }
    return Future.join(batch.stream().map(alone).toList());
  }

  private final Runner<W, R> runner;
  private final long maxWaitNanos;
  /** A lane is present while a batch of its aggregate is in flight; it holds the writes waiting for the next one. */
  private final Map<Object, ArrayDeque<Member<W, R>>> lanes = new HashMap<>(); // guarded by this

  /** @param maxWaitMs how long a write may wait for its batch; the store's timeout, past which its caller gave up */
  AggregateBatcher(Runner<W, R> runner, long maxWaitMs) {
    this.runner = runner;
    this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
  }

  /** Queues {@code write} on the lane of {@code aggregate}; the future completes once its batch answered it. */
  Future<R> submit(Object aggregate, W write) {
    Context caller = Vertx.currentContext();
    Member<W, R> member = new Member<>(write);
    boolean alone;
    synchronized (this) {
      ArrayDeque<Member<W, R>> waiting = lanes.get(aggregate);
      alone = waiting == null;
      if (alone) {
        lanes.put(aggregate, new ArrayDeque<>());
      } else {
        waiting.add(member);
      }
    }
    if (alone) {
      start(aggregate, List.of(member));
    }
    return caller == null ? Future.fromCompletionStage(member.result)
        : Future.fromCompletionStage(member.result, caller);
  }

  private void start(Object aggregate, List<Member<W, R>> batch) {
    Future<?> applied;
    try {
      applied = runner.apply(batch);
    } catch (RuntimeException e) {
      applied = Future.failedFuture(e);
    }
    applied.onComplete(done -> {
      Throwable cause = done.failed() ? done.cause() : new IllegalStateException("the batch left a write unanswered");
      batch.forEach(member -> member.fail(cause)); // no effect on the members it answered
      next(aggregate);
    });
  }

  /** Starts the lane's next batch, or closes the lane when nothing is waiting. */
  private void next(Object aggregate) {
    List<Member<W, R>> batch = new ArrayList<>();
    List<Member<W, R>> expired = new ArrayList<>();
    long now = System.nanoTime();
    synchronized (this) {
      ArrayDeque<Member<W, R>> waiting = lanes.get(aggregate);
      while (batch.size() < MAX_BATCH && !waiting.isEmpty()) {
        Member<W, R> member = waiting.poll();
        (now - member.queuedAt > maxWaitNanos ? expired : batch).add(member);
      }
      if (batch.isEmpty()) {
        lanes.remove(aggregate);
      }
    }
    // their callers were already told UNAVAILABLE by the timeout: a write nobody waits for any more is not applied
    expired.forEach(member -> member.fail(PgErrors.unavailable("the write waited longer than the timeout")));
    if (!batch.isEmpty()) {
      start(aggregate, batch);
    }
  }
}
