package dev.keygate.store;

import static dev.keygate.store.StoreContract.assertStoreError;
import static dev.keygate.store.StoreFixtures.CHANGE;
import static dev.keygate.store.StoreFixtures.app;
import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.nextId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;


/** Oracle Commerce application IDs. Every store's test classes implement this interface. */
public interface CommerceApplicationStoreContract extends StoreContract {

  private CommerceApplication application(StoreFixtures.Seeded tenant, String orgId, String name, String type) {
    return new CommerceApplication(tenant.instance().id(), orgId, UUID.randomUUID().toString(), name, type,
        null, type.equals("application") ? nextId() : null, null, tenant.owner().id(), null, "Owner",
        StoreFixtures.NOW, StoreFixtures.NOW, 0);
  }

  @Test
  default void applicationsAreListedPerOrganizationAndTypeAndFoundById() {
    StoreFixtures.Seeded a = seed("a");
    StoreFixtures.Seeded b = seed("b");
    CommerceApplication app = await(commerceApplications().createCommerceApplication(application(a, a.orgId(), "app",
        "application"),
        CHANGE));
    CommerceApplication ext = await(commerceApplications().createCommerceApplication(application(a, a.orgId(), "ext",
        "extension"),
        CHANGE));
    await(commerceApplications().createCommerceApplication(application(b, b.orgId(), "theirs", "extension"), CHANGE));

    assertThat(app.sequence()).isEqualTo(1);
    assertThat(await(commerceApplications().commerceApplication(a.instance().id(), a.orgId(), app.id()))).contains(app);
    assertThat(await(credentials().commerceApplicationById(ext.id()))).contains(ext);
    assertThat(await(commerceApplications().commerceApplication(b.instance().id(), b.orgId(), app.id()))).isEmpty();
    Page<CommerceApplication> all = await(commerceApplications().commerceApplications(a.instance().id(), a.orgId(),
        null,
        PageRequest.first(10)));
    assertThat(all.items()).extracting(CommerceApplication::name).containsExactlyInAnyOrder("app", "ext");
    assertThat(all.total()).isEqualTo(2);
    Page<CommerceApplication> extensions = await(commerceApplications().commerceApplications(a.instance().id(),
        a.orgId(),
        "extension", PageRequest.first(10)));
    assertThat(extensions.items()).containsExactly(ext);
    assertThat(extensions.total()).isEqualTo(1);
    assertStoreError(() -> await(commerceApplications().createCommerceApplication(application(a, b.orgId(), "x",
        "extension"),
        CHANGE)),
        StoreException.Kind.NOT_FOUND, StoreException.Entity.ORGANIZATION);
  }

  @Test
  default void renamingReplacingTheKeyAndRemovingAreChangesOfTheApplication() {
    StoreFixtures.Seeded a = seed("a");
    List<String> heard = new CopyOnWriteArrayList<>();
    changeFeed().onCredentialChange(heard::add);
    CommerceApplication app = await(commerceApplications().createCommerceApplication(application(a, a.orgId(), "app",
        "application"),
        CHANGE));

    CommerceApplication renamed = await(commerceApplications().updateCommerceApplication(a.instance().id(), a.orgId(),
        app.id(),
        "renamed", 30, CHANGE));
    assertThat(renamed.name()).isEqualTo("renamed");
    assertThat(renamed.lifetimeDays()).isEqualTo(30);
    assertThat(renamed.keyId()).isEqualTo(app.keyId());
    Instant expiry = StoreFixtures.NOW.plusSeconds(86_400);
    CommerceApplication rekeyed = await(commerceApplications().setCommerceApplicationKey(a.instance().id(), a.orgId(),
        app.id(),
        "new-key", expiry, 1, CHANGE));
    assertThat(rekeyed.keyId()).isEqualTo("new-key");
    assertThat(rekeyed.keyExpiresAt()).isEqualTo(expiry);
    assertThat(rekeyed.sequence()).isEqualTo(3);
    assertThat(heard).contains(app.id());
    assertThat(await(credentials().commerceApplicationById(app.id()))).contains(rekeyed);

    await(commerceApplications().removeCommerceApplication(a.instance().id(), a.orgId(), app.id(), CHANGE));
    assertThat(await(credentials().commerceApplicationById(app.id()))).isEmpty();
    assertStoreError(() -> await(commerceApplications().removeCommerceApplication(a.instance().id(), a.orgId(),
        app.id(), CHANGE)),
        StoreException.Kind.NOT_FOUND, StoreException.Entity.COMMERCE_APP);
    assertThat(await(events().events(a.instance().id(), app.id()))).extracting(StoredEvent::sequence)
        .containsExactly(1L, 2L, 3L, 4L);
  }
}
