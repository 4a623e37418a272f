package dev.keygate.gateway.service.ecosystem;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.service.StoreFailures;
import dev.keygate.gateway.service.credential.VerificationCache;
import dev.keygate.gateway.service.crypto.IdGenerator;
import dev.keygate.gateway.service.crypto.SecretGenerator;
import dev.keygate.gateway.service.crypto.SecretHasher;
import dev.keygate.store.Change;
import dev.keygate.store.ClientToken;
import dev.keygate.store.CredentialUsageStore;
import dev.keygate.store.Ecosystem;
import dev.keygate.store.EcosystemClient;
import dev.keygate.store.EcosystemClientStore;
import dev.keygate.store.EcosystemStore;
import dev.keygate.store.Lookup;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.StoreException;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Ecosystems, their clients and client tokens. Lookups answer {@link Lookup}s, so a surface can tell "never
 * existed" from "removed"; anything outside the caller's reach (another tenant, another ecosystem for a server
 * token) looks like {@link Lookup.State#OTHER_TENANT}.
 */
public final class EcosystemService {

  /** A token with the plain value that only its creation response may show. */
  public record IssuedToken(ClientToken token, String value) {}

  private static final Map<StoreException.Entity, DomainError> ERRORS = Map.of(
      StoreException.Entity.ECOSYSTEM, DomainError.ECOSYSTEM_NOT_FOUND,
      StoreException.Entity.CLIENT, DomainError.CLIENT_NOT_FOUND);

  private final EcosystemStore ecosystems;
  private final EcosystemClientStore clients;
  private final VerificationCache reads;
  private final ObjectIds objectIds;
  private final IdGenerator ids;
  private final SecretGenerator secrets;
  private final SecretHasher hasher;
  private final CredentialUsageStore uses;
  private final Clock clock;

  public EcosystemService(EcosystemStore ecosystems, EcosystemClientStore clients, VerificationCache reads,
                          IdGenerator ids, SecretGenerator secrets, SecretHasher hasher, CredentialUsageStore uses,
                          Clock clock) {
    this.uses = uses;
    this.reads = reads;
    this.ecosystems = ecosystems;
    this.clients = clients;
    this.objectIds = new ObjectIds(clock, secrets);
    this.ids = ids;
    this.secrets = secrets;
    this.hasher = hasher;
    this.clock = clock;
  }

  private Change change(EcosystemCaller caller) {
    return new Change(caller.actorId(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
  }

  // ---- ecosystems

  /** Only accounts create ecosystems. */
  public Future<Ecosystem> createEcosystem(EcosystemCaller caller, String metaJson) {
    if (!caller.isAccount()) {
      return Future.failedFuture(DomainError.OPERATION_NOT_ALLOWED.exception());
    }
    Instant now = clock.instant();
    Ecosystem ecosystem = new Ecosystem(caller.instanceId(), objectIds.next('C'), metaJson, null, now, now, null, 0);
    return ecosystems.createEcosystem(ecosystem, change(caller)).recover(this::translate);
  }

  public Future<Lookup<Ecosystem>> ecosystem(EcosystemCaller caller, String ecosystemId) {
    if (!caller.reaches(ecosystemId)) {
      return Future.succeededFuture(Lookup.of(Lookup.State.OTHER_TENANT));
    }
    return reads.ecosystem(caller.instanceId(), ecosystemId,
        () -> ecosystems.ecosystem(caller.instanceId(), ecosystemId));
  }

  public Future<List<Ecosystem>> ecosystems(EcosystemCaller caller) {
    Future<Page<Ecosystem>> page = ecosystems.ecosystems(caller.instanceId(),
        new PageRequest(null, 0, PageRequest.MAX_LIMIT, true));
    return page.map(p -> p.items().stream().filter(e -> caller.reaches(e.id())).toList());
  }

  /** Call after a FOUND {@link #ecosystem} lookup; a concurrent removal still answers ECOSYSTEM_NOT_FOUND. */
  public Future<Ecosystem> updateEcosystem(EcosystemCaller caller, Ecosystem ecosystem, String metaJson,
                                           String domain) {
    return ecosystems.updateEcosystem(caller.instanceId(), ecosystem.id(),
        metaJson == null ? ecosystem.metaJson() : metaJson, domain == null ? ecosystem.domain() : domain,
        change(caller)).recover(this::translate);
  }

  public Future<Ecosystem> removeEcosystem(EcosystemCaller caller, String ecosystemId) {
    return ecosystems.removeEcosystem(caller.instanceId(), ecosystemId, change(caller)).recover(this::translate);
  }

  // ---- clients

  public Future<EcosystemClient> createClient(EcosystemCaller caller, String ecosystemId, String type, String name,
                                              String description) {
    Instant now = clock.instant();
    EcosystemClient client = new EcosystemClient(caller.instanceId(), ecosystemId, objectIds.next('K'), type, name,
        description, now, now, null, 0);
    return clients.createClient(client, change(caller)).recover(this::translate);
  }

  public Future<Lookup<EcosystemClient>> client(EcosystemCaller caller, String clientId) {
    return reads.ecosystemClient(caller.instanceId(), clientId,
        () -> clients.client(caller.instanceId(), clientId)).map(lookup ->
        lookup.isFound() && !caller.reaches(lookup.value().ecosystemId()) ? Lookup.of(Lookup.State.OTHER_TENANT)
        : lookup);
  }

  public Future<List<EcosystemClient>> clients(EcosystemCaller caller, String ecosystemId) {
    return clients.clients(caller.instanceId(), ecosystemId, new PageRequest(null, 0, PageRequest.MAX_LIMIT, true))
        .map(Page::items).recover(this::translate);
  }

  public Future<EcosystemClient> updateClient(EcosystemCaller caller, EcosystemClient client, String name,
                                              String description) {
    return clients.updateClient(caller.instanceId(), client.id(), name == null ? client.name() : name,
        description == null ? client.description() : description, change(caller)).recover(this::translate);
  }

  public Future<EcosystemClient> removeClient(EcosystemCaller caller, String clientId) {
    return clients.removeClient(caller.instanceId(), clientId, change(caller)).recover(this::translate);
  }

  public Future<IssuedToken> createToken(EcosystemCaller caller, String clientId, String description) {
    return createToken(caller, clientId, description, null);
  }

  /**
   * A client token, shown once; with {@code expiresAt} (Keygate's addition, which the surface checked is in the
   * future) it stops working then, so a client can hand out a new token and let the old one run out.
   */
  public Future<IssuedToken> createToken(EcosystemCaller caller, String clientId, String description,
                                         Instant expiresAt) {
    if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
      return Future.failedFuture(DomainError.EXPIRATION_IN_PAST.exception());
    }
    String value = secrets.token();
    ClientToken token = new ClientToken(caller.instanceId(), clientId, ids.next(), hasher.hash(value), description,
        clock.instant().truncatedTo(ChronoUnit.MILLIS), expiresAt);
    return clients.addClientToken(token, change(caller)).map(stored -> new IssuedToken(stored, value))
        .recover(this::translate);
  }

  public Future<List<ClientToken>> tokens(EcosystemCaller caller, String clientId) {
    return clients.clientTokens(caller.instanceId(), clientId);
  }

  /** When each of these tokens was last used, by token id (to the minute; absent if never). */
  public Future<Map<String, Instant>> lastUses(EcosystemCaller caller, List<ClientToken> tokens) {
    return uses.lastUses(caller.instanceId(), tokens.stream().map(ClientToken::id).toList());
  }

  private <T> Future<T> translate(Throwable failure) {
    return Future.failedFuture(StoreFailures.translate(failure, ERRORS));
  }
}
