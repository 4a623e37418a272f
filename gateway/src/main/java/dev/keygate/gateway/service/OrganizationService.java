package dev.keygate.gateway.service;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.service.crypto.IdGenerator;
import dev.keygate.store.InstanceStore;
import dev.keygate.store.Organization;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.StoreException;
import dev.keygate.store.TextMatch;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The organizations of an instance beyond its first: created by an instance owner, listed by their members. */
public final class OrganizationService {

  private static final Map<StoreException.Entity, DomainError> ERRORS = Map.of(
      StoreException.Entity.ORGANIZATION_NAME, DomainError.ORG_NAME_TAKEN);

  private final InstanceStore store;
  private final IdGenerator ids;
  private final Changes changes;

  public OrganizationService(InstanceStore store, IdGenerator ids, Clock clock) {
    this.store = store;
    this.ids = ids;
    this.changes = new Changes(clock);
  }

  /** A new organization of the scope's instance; its name must be new in the instance. */
  public Future<Organization> create(Scope scope, String name) {
    var change = changes.by(scope);
    Organization org = new Organization(scope.instanceId(), ids.next(), name, change.at(), change.at(), 0);
    return store.createOrganization(org, change)
        .recover(f -> Future.failedFuture(StoreFailures.translate(f, ERRORS)));
  }

  /** Every organization of the instance, or only the scope's: what the caller may see. */
  public Future<Page<Organization>> list(Scope scope, boolean wholeInstance, PageRequest page) {
    return list(scope, wholeInstance, null, List.of(), page);
  }

  /**
   * The organizations the caller may see (every one of the instance, or only the scope's) that have the id
   * {@code orgId} (null: any) and a name matching every one of {@code names}. An id the caller may not see finds
   * nothing, as one that does not exist.
   */
  public Future<Page<Organization>> list(Scope scope, boolean wholeInstance, String orgId, List<TextMatch> names,
                                         PageRequest page) {
    Future<Page<Organization>> found;
    if (orgId == null && wholeInstance) {
      found = store.organizations(scope.instanceId(), names, page);
    } else if (orgId != null && !wholeInstance && !orgId.equals(scope.orgId())) {
      found = Future.succeededFuture(new Page<>(List.of(), 0));
    } else {
      found = store.organization(scope.instanceId(), orgId == null ? scope.orgId() : orgId)
          .map(org -> onePage(org.filter(one -> TextMatch.all(names, one.name())), page));
    }
    return found.recover(f -> Future.failedFuture(StoreFailures.translate(f, Map.of())));
  }

  /** The page of a listing of at most one organization. */
  private static Page<Organization> onePage(Optional<Organization> org, PageRequest page) {
    return org.map(found -> new Page<>(page.offset() == 0 ? List.of(found) : List.<Organization>of(), 1))
        .orElseGet(() -> new Page<>(List.of(), 0));
  }
}
