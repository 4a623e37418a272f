package dev.keygate.store;

import static dev.keygate.store.StoreContract.assertStoreError;
import static dev.keygate.store.StoreFixtures.CHANGE;
import static dev.keygate.store.StoreFixtures.app;
import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.nextId;
import static dev.keygate.store.StoreFixtures.project;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;


/** Projects: per organization, removal takes their apps. Every store's test classes implement this interface. */
public interface ProjectStoreContract extends StoreContract {

  @Test
  default void projectsAndAppsOfAnotherOrgOrInstanceAreNotFound() {
    StoreFixtures.Seeded a = seed("a");
    StoreFixtures.Seeded b = seed("b");
    Project project = await(projects().createProject(project(a.instance().id(), a.orgId(), "p"), CHANGE));
    ApiApp app = await(apiApps().createApiApp(app(project, "api"), CHANGE));

    assertThat(await(projects().project(b.instance().id(), b.orgId(), project.id()))).isEmpty();
    assertThat(await(projects().project(a.instance().id(), b.orgId(), project.id()))).isEmpty();
    assertThat(await(apiApps().apiApp(a.instance().id(), b.orgId(), project.id(), app.id()))).isEmpty();
    assertThat(await(apiApps().apiApp(b.instance().id(), b.orgId(), project.id(), app.id()))).isEmpty();
    ApiApp foreign = new ApiApp(b.instance().id(), b.orgId(), project.id(), nextId(), "x", nextId(),
        ApiApp.AuthMethod.BASIC, "h", StoreFixtures.NOW, StoreFixtures.NOW, 0);
    assertStoreError(() -> await(apiApps().createApiApp(foreign, CHANGE)), StoreException.Kind.NOT_FOUND,
        StoreException.Entity.PROJECT);
    assertStoreError(() -> await(apiApps().removeApiApp(b.instance().id(), b.orgId(), project.id(), app.id(), CHANGE)),
        StoreException.Kind.NOT_FOUND, StoreException.Entity.API_APP);
  }

  @Test
  default void removingAProjectRemovesItsApps() {
    StoreFixtures.Seeded a = seed("a");
    Project project = await(projects().createProject(project(a.instance().id(), a.orgId(), "p"), CHANGE));
    ApiApp app = await(apiApps().createApiApp(app(project, "api"), CHANGE));

    await(projects().removeProject(a.instance().id(), a.orgId(), project.id(), CHANGE));

    assertThat(await(apiApps().apiApp(a.instance().id(), a.orgId(), project.id(), app.id()))).isEmpty();
    assertStoreError(() -> await(apiApps().createApiApp(app(project, "late"), CHANGE)), StoreException.Kind.NOT_FOUND,
        StoreException.Entity.PROJECT);
    assertStoreError(() -> await(projects().removeProject(a.instance().id(), a.orgId(), project.id(), CHANGE)),
        StoreException.Kind.NOT_FOUND, StoreException.Entity.PROJECT);
  }

  @Test
  default void projectListingIsPerOrganization() {
    StoreFixtures.Seeded a = seed("a");
    StoreFixtures.Seeded b = seed("b");
    for (int i = 0; i < 3; i++) {
      await(projects().createProject(project(a.instance().id(), a.orgId(), "p" + i), CHANGE));
    }
    await(projects().createProject(project(b.instance().id(), b.orgId(), "other"), CHANGE));

    Page<Project> page = await(projects().projects(a.instance().id(), a.orgId(), new PageRequest(null, 1, 1, true)));
    assertThat(page.total()).isEqualTo(3);
    assertThat(page.items()).extracting(Project::name).containsExactly("p1");
    Page<Project> descending = await(projects().projects(a.instance().id(), a.orgId(), new PageRequest(null, 0, 10,
        false)));
    assertThat(descending.items()).extracting(Project::name).containsExactly("p2", "p1", "p0");
  }
}
