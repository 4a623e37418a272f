package dev.keygate.store.postgres;

import dev.keygate.store.CredentialUsageStore;
import dev.keygate.store.CredentialUse;
import dev.keygate.store.StoreException.Entity;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Last uses on PostgreSQL: a whole batch is one upsert of arrays, one round trip whatever its size. A use older than
 * the stored one (another gateway's, flushed later) changes nothing; a use of an instance gone meanwhile is skipped.
 */
record PgCredentialUsage(PgExecutor db) implements CredentialUsageStore {

  private static final String RECORD = """
      INSERT INTO credential_last_use (credential_id, instance_id, last_used_at) \
      SELECT u.credential_id, u.instance_id, u.used_at \
      FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS u(credential_id, instance_id, used_at) \
      JOIN instances i ON i.id = u.instance_id \
      ON CONFLICT (credential_id) DO UPDATE SET last_used_at = excluded.last_used_at \
      WHERE credential_last_use.last_used_at < excluded.last_used_at""";
  private static final String OF_INSTANCE = """
      SELECT credential_id, last_used_at FROM credential_last_use WHERE instance_id = $1 AND credential_id = ANY($2)""";

  @Override
  public Future<Void> recordLastUse(List<CredentialUse> uses) {
    // one row per credential (an upsert may not touch a row twice): the latest use of each
    Map<String, CredentialUse> latest = new LinkedHashMap<>();
    for (CredentialUse use : uses) {
      latest.merge(use.credentialId(), use, (kept, offered) -> offered.at().isAfter(kept.at()) ? offered : kept);
    }
    if (latest.isEmpty()) {
      return Future.succeededFuture();
    }
    String[] ids = new String[latest.size()];
    String[] instances = new String[latest.size()];
    OffsetDateTime[] times = new OffsetDateTime[latest.size()];
    int i = 0;
    for (CredentialUse use : latest.values()) {
      ids[i] = use.credentialId();
      instances[i] = use.instanceId();
      times[i++] = Rows.time(use.at());
    }
    return db.statement(RECORD, Tuple.tuple().addArrayOfString(ids).addArrayOfString(instances)
        .addArrayOfOffsetDateTime(times), Entity.INSTANCE,
        rows -> Future.<Void>succeededFuture());
  }

  @Override
  public Future<Map<String, Instant>> lastUses(String instanceId, Collection<String> credentialIds) {
    String[] ids = credentialIds.stream().filter(Objects::nonNull).toArray(String[]::new);
    if (ids.length == 0) {
      return Future.succeededFuture(Map.of());
    }
    return db.read(OF_INSTANCE, Tuple.of(instanceId).addArrayOfString(ids), rows -> {
      Map<String, Instant> found = new HashMap<>();
      rows.forEach(row -> found.put(row.getString("credential_id"), Rows.instant(row, "last_used_at")));
      return found;
    });
  }
}
