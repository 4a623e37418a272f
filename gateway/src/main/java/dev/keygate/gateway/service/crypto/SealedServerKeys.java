package dev.keygate.gateway.service.crypto;

import dev.keygate.store.ServerKeyStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's server keys, sealed under the master key: what the store holds (its table, a replica, a backup) opens
 * no token, verifies no signature and matches no secret hash without the master key. Callers see the keys as before.
 *
 * <p>A key stored in the clear (by a Keygate before master keys) is sealed in place the first time it is read; a key
 * sealed under the previous master key ({@code KEYGATE_MASTER_KEY_PREVIOUS}) opens with it and is re-sealed under the
 * current one. Replacing is a compare-and-set, so processes sharing the store agree on one sealed value.
 */
public final class SealedServerKeys implements ServerKeyStore {

  private static final Logger LOG = LoggerFactory.getLogger(SealedServerKeys.class);

  private final ServerKeyStore store;
  private final MasterKey current;
  private final MasterKey previous;

  public SealedServerKeys(ServerKeyStore store, MasterKey current, MasterKey previous) {
    this.store = store;
    this.current = current;
    this.previous = previous;
  }

  @Override
  public Future<byte[]> serverKey(String name, byte[] candidate) {
    return store.serverKey(name, current.seal(name, candidate)).compose(stored -> open(name, stored));
  }

  @Override
  public Future<Boolean> replaceServerKey(String name, byte[] expected, byte[] replacement) {
    // callers of the sealed view never replace keys; re-sealing goes through the store itself, below
    throw new UnsupportedOperationException("server keys are replaced only by re-sealing them");
  }

  @Override
  public Future<List<String>> serverKeyNames() {
    return store.serverKeyNames();
  }

  /**
   * Every stored key sealed under the current master key: those in the clear and those under the previous one are
   * re-sealed. Returns how many were re-sealed; fails on a key sealed under a master key that is not given.
   */
  public Future<Integer> resealAll() {
    return store.serverKeyNames().compose(names -> {
      List<Future<Boolean>> resealed = new ArrayList<>();
      for (String name : names) {
        // the name exists, so the candidate is never stored: the read returns what is there
        resealed.add(store.serverKey(name, new byte[0]).compose(stored -> reseal(name, stored)));
      }
      return Future.all(resealed).map(all -> (int) resealed.stream().filter(Future::result).count());
    });
  }

  private Future<byte[]> open(String name, byte[] stored) {
    if (MasterKey.isSealed(stored) && MasterKey.sealedUnder(stored).equals(current.id())) {
      return Future.succeededFuture(current.open(name, stored));
    }
    byte[] plain;
    try {
      plain = plainOf(name, stored);
    } catch (IllegalStateException e) {
      return Future.failedFuture(e);
    }
    return replace(name, stored, plain).compose(replaced -> replaced ? Future.succeededFuture(plain)
        // another process re-sealed it first: read its value, sealed under the same current key
        : store.serverKey(name, new byte[0]).map(winner -> current.open(name, winner)));
  }

  private Future<Boolean> reseal(String name, byte[] stored) {
    if (MasterKey.isSealed(stored) && MasterKey.sealedUnder(stored).equals(current.id())) {
      return Future.succeededFuture(false);
    }
    try {
      return replace(name, stored, plainOf(name, stored));
    } catch (IllegalStateException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<Boolean> replace(String name, byte[] stored, byte[] plain) {
    return store.replaceServerKey(name, stored, current.seal(name, plain)).onSuccess(replaced -> {
      if (replaced) {
        String before = MasterKey.isSealed(stored) ? "it was sealed under " + MasterKey.sealedUnder(stored)
            : "it was in the clear";
        LOG.info("server key {} sealed under master key {} ({})", name, current.id(), before);
      }
    });
  }

  /** The key in a value stored in the clear or sealed under the previous master key. */
  private byte[] plainOf(String name, byte[] stored) {
    if (!MasterKey.isSealed(stored)) {
      return stored;
    }
    String id = MasterKey.sealedUnder(stored);
    if (previous != null && id.equals(previous.id())) {
      return previous.open(name, stored);
    }
    throw new IllegalStateException("the server key " + name + " is sealed under master key " + id + ", which is"
        + " neither KEYGATE_MASTER_KEY (" + current.id() + ") nor KEYGATE_MASTER_KEY_PREVIOUS"
        + (previous == null ? "" : " (" + previous.id() + ")"));
  }
}
