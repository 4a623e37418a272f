package dev.keygate.gateway.service.credential;

import dev.keygate.store.CredentialUsageStore;
import dev.keygate.store.CredentialUse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each credential was last used, recorded without costing the request that used it: {@link #used} only
 * compares a time kept in memory, and at most once a {@link #RESOLUTION_MS minute} per credential queues a use,
 * which {@link #flush} writes to the store in one batch off the request path. So a credential used 10,000 times a
 * second costs one row write a minute, and a store outage loses at most the uses of one flush, never a request.
 */
public final class LastUses {

  /** Last use is kept to the minute: a credential's use is written again only a minute after the last write. */
  public static final long RESOLUTION_MS = 60_000;
  /** Credentials remembered before the memory is cleared (which costs one more write per credential, nothing else). */
  private static final int REMEMBERED = 200_000;
  private static final int BATCH = 5_000;
  private static final Logger LOG = LoggerFactory.getLogger(LastUses.class);

  private final CredentialUsageStore store;
  private final Clock clock;
  private final Map<String, AtomicLong> written = new ConcurrentHashMap<>();
  private final Queue<CredentialUse> pending = new ConcurrentLinkedQueue<>();
  private final AtomicLong queued = new AtomicLong();

  public LastUses(CredentialUsageStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * That the credential of {@code instanceId} named {@code credentialId} (see {@link CredentialUse}) was used now.
   * Allocates nothing unless the credential's last written use is a minute old.
   */
  public void used(String instanceId, String credentialId) {
    long now = clock.millis();
    AtomicLong last = written.get(credentialId);
    if (last != null) {
      long seen = last.get();
      if (now - seen < RESOLUTION_MS || !last.compareAndSet(seen, now)) {
        return;
      }
    } else {
      if (written.size() >= REMEMBERED) {
        written.clear();
      }
      if (written.putIfAbsent(credentialId, new AtomicLong(now)) != null) {
        return; // another request queued it a moment ago
      }
    }
    pending.add(new CredentialUse(instanceId, credentialId, Instant.ofEpochMilli(now)));
    queued.incrementAndGet();
  }

  /** Flushes every {@code intervalMs}, off the request path; the timer's id, to cancel it when the gateway stops. */
  public long flushPeriodically(Vertx vertx, long intervalMs) {
    return vertx.setPeriodic(intervalMs, intervalMs, timer -> flush());
  }

  /** How many uses were queued for the store since start: each is one row written. */
  public long queuedUses() {
    return queued.get();
  }

  /** Writes what was queued, in batches; a failure is logged in one line and those uses are lost. */
  public Future<Void> flush() {
    List<CredentialUse> batch = new ArrayList<>();
    for (CredentialUse use = pending.poll(); use != null && batch.size() < BATCH; use = pending.poll()) {
      batch.add(use);
    }
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    return store.recordLastUse(batch).recover(failure -> {
      LOG.warn("last use of {} credentials not recorded: {}", batch.size(), failure.toString());
      return Future.succeededFuture();
    }).compose(v -> pending.isEmpty() ? Future.succeededFuture() : flush());
  }
}
