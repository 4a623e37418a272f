package dev.keygate.store.memory;

import dev.keygate.store.ApiApp;
import dev.keygate.store.AppKey;
import dev.keygate.store.ClientToken;
import dev.keygate.store.CommerceApplication;
import dev.keygate.store.Ecosystem;
import dev.keygate.store.EcosystemClient;
import dev.keygate.store.IdempotencyRecord;
import dev.keygate.store.Instance;
import dev.keygate.store.MachineKey;
import dev.keygate.store.NewInstance;
import dev.keygate.store.Organization;
import dev.keygate.store.Project;
import dev.keygate.store.User;

/**
 * Bytes of heap each kind of record holds in this store: the record, its fixed-size strings (ids, hashes), the map
 * and index entries that point at it, plus two bytes per character of what clients choose (names, descriptions,
 * metadata, keys; two, because a string with one non-Latin-1 character takes two per character). Estimates from the
 * object layouts of a 64-bit JVM with compressed pointers, calibrated for API apps against bench/HeapPerApp.java,
 * which prints both: 568 bytes of live heap per app (name, secret hash, indexes, event), 571 counted. The same function
 * weighs a record when it is stored and when it is removed, so the count returns to where it was.
 */
final class Weights {

  /** One event in the tenant's log: the StoredEvent and its slot; its strings are shared with the record. */
  static final long EVENT = 48;
  /**
   * A new tenant: its dozen concurrent maps, the first 4096-slot chunk of its event log (16 KiB), the first
   * organization and the domain index entries.
   */
  static final long INSTANCE = 20_480;
  /** A further organization (an instance's first one is part of {@link #INSTANCE}), with its name's index entry. */
  static final long ORGANIZATION = 240;
  static final long USER = 400;
  /** A machine user's secret hash and its entry in the global index. */
  static final long SECRET = 160;
  static final long PAT = 240;
  static final long KEY = 160;
  static final long PROJECT = 400;
  static final long API_APP = 488;
  static final long ECOSYSTEM = 240;
  static final long CLIENT = 240;
  static final long CLIENT_TOKEN = 240;
  static final long COMMERCE_APPLICATION = 320;
  /** What stays of a removed ecosystem or client: the trimmed tombstone and its map entry. */
  static final long TOMBSTONE = 160;
  /**
   * An ecosystem or client id claimed in the global index. Ids stay claimed for good (as PostgreSQL keeps the ids it
   * issued), so this part is never given back.
   */
  static final long CLAIM = 96;

  /**
   * An idempotency record without its answer: the record, its map entry and four fixed-size strings (id, request
   * hash, lease id, instance id).
   */
  static final long IDEMPOTENCY_RECORD = 320;
  /**
   * A credential's last use: the CredentialUse, its Instant, its credential id (a 43-character hash or an id) and
   * its entry in the global map. Counted because the last uses of removed credentials stay until their
   * instance is removed: a load test that creates, uses and deletes credentials without end must fill the capacity,
   * not the heap.
   */
  static final long LAST_USE = 200;

  private Weights() {}

  static long text(String value) {
    return value == null ? 0 : 2L * value.length();
  }

  static long instance(NewInstance setup) {
    Instance instance = setup.instance();
    long domains = 0;
    for (Instance.Domain domain : instance.domains()) {
      domains += 64 + text(domain.name());
    }
    long owner = setup.owner() == null ? 0 : user(setup.owner());
    long pat = setup.ownerPat() == null ? 0 : PAT;
    long key = setup.ownerKey() == null ? 0 : key(setup.ownerKey());
    return INSTANCE + text(instance.name()) + text(setup.firstOrg().name()) + domains + owner + pat + key;
  }

  static long organization(Organization org) {
    return ORGANIZATION + text(org.name());
  }

  /** A user with its secret, if it has one. */
  static long user(User user) {
    return USER + text(user.userName()) + text(user.displayName()) + text(user.description())
        + text(user.email()) + text(user.firstName()) + text(user.lastName()) + text(user.preferredLanguage())
        + text(user.passwordHash()) + (user.secretHash() == null ? 0 : SECRET);
  }

  static long key(MachineKey key) {
    return KEY + text(key.publicKeyPem());
  }

  static long key(AppKey key) {
    return KEY + text(key.publicKeyPem());
  }

  static long project(Project project) {
    return PROJECT + text(project.name());
  }

  static long app(ApiApp app) {
    return API_APP + text(app.name());
  }

  /** A live ecosystem; {@link #CLAIM} is counted apart. */
  static long ecosystem(Ecosystem ecosystem) {
    return ECOSYSTEM + text(ecosystem.metaJson()) + text(ecosystem.domain());
  }

  /** A live client; {@link #CLAIM} is counted apart. */
  static long client(EcosystemClient client) {
    return CLIENT + text(client.name()) + text(client.description());
  }

  static long token(ClientToken token) {
    return CLIENT_TOKEN + text(token.description());
  }

  static long commerceApplication(CommerceApplication application) {
    return COMMERCE_APPLICATION + text(application.name()) + text(application.createdByFirstName())
        + text(application.createdByLastName()) + text(application.keyId());
  }

  /** An idempotency record with its sealed answer, if it has one. */
  static long idempotency(IdempotencyRecord record) {
    return IDEMPOTENCY_RECORD + (record.answer() == null ? 0 : record.answer().length);
  }
}
