package dev.keygate.gateway.service;

import dev.keygate.store.CredentialUsageStore;
import dev.keygate.store.Page;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * A listed credential (a PAT, a machine key, an app key) with when it last authenticated: {@code lastUsedAt} null if
 * never, to the minute as {@code LastUses} records it.
 */
public record LastUsed<T>(T credential, Instant lastUsedAt) {

  /**
   * The page's credentials with their last uses, read in one call for the whole page (never one per credential);
   * {@code id} is the credential id its uses are recorded under (see {@code CredentialUse}).
   */
  static <T> Future<Page<LastUsed<T>>> of(CredentialUsageStore uses, String instanceId, Page<T> page,
                                          Function<T, String> id) {
    if (page.items().isEmpty()) { // nothing to ask the store
      return Future.succeededFuture(new Page<>(List.of(), page.total()));
    }
    return uses.lastUses(instanceId, page.items().stream().map(id).toList())
        .map(last -> new Page<>(page.items().stream()
            .map(item -> new LastUsed<>(item, last.get(id.apply(item)))).toList(), page.total()));
  }
}
