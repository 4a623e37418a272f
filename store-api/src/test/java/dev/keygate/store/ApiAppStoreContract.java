package dev.keygate.store;

import static dev.keygate.store.StoreContract.assertStoreError;
import static dev.keygate.store.StoreFixtures.CHANGE;
import static dev.keygate.store.StoreFixtures.app;
import static dev.keygate.store.StoreFixtures.await;
import static dev.keygate.store.StoreFixtures.project;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;


/** API apps: children of the project aggregate,
    unique names per project. Every store's test classes implement this interface. */
public interface ApiAppStoreContract extends StoreContract {

  @Test
  default void everyChangeOfTheProjectAggregateGrowsItsSequence() {
    StoreFixtures.Seeded a = seed("a");
    Project project = await(projects().createProject(project(a.instance().id(), a.orgId(), "p"), CHANGE));
    ApiApp first = await(apiApps().createApiApp(app(project, "one"), CHANGE));
    ApiApp second = await(apiApps().createApiApp(app(project, "two"), CHANGE));
    ApiApp rotated = await(apiApps().setApiAppSecret(a.instance().id(), a.orgId(), project.id(), first.id(), "new",
        CHANGE));

    assertThat(List.of(project.sequence(), first.sequence(), second.sequence(), rotated.sequence())).isSorted()
        .doesNotHaveDuplicates();
    assertThat(await(projects().project(a.instance().id(), a.orgId(), project.id())).orElseThrow().sequence())
        .isEqualTo(rotated.sequence());
    List<StoredEvent> events = await(events().events(a.instance().id(), project.id()));
    assertThat(events).extracting(StoredEvent::sequence).containsExactly(1L, 2L, 3L, 4L);
    assertThat(events).extracting(StoredEvent::type).containsExactly("project.added", "project.application.added",
        "project.application.added", "project.application.config.api.secret.changed");
    assertThat(events).allSatisfy(e -> assertThat(e.actorId()).isEqualTo(CHANGE.actorId()));
  }

  @Test
  default void appNamesAreUniquePerProject() {
    StoreFixtures.Seeded a = seed("a");
    Project p1 = await(projects().createProject(project(a.instance().id(), a.orgId(), "p1"), CHANGE));
    Project p2 = await(projects().createProject(project(a.instance().id(), a.orgId(), "p2"), CHANGE));
    await(apiApps().createApiApp(app(p1, "api"), CHANGE));
    await(apiApps().createApiApp(app(p2, "api"), CHANGE));

    assertStoreError(() -> await(apiApps().createApiApp(app(p1, "api"), CHANGE)), StoreException.Kind.ALREADY_EXISTS,
        StoreException.Entity.API_APP_NAME);
    // a removed app frees its name
    ApiApp listed = await(apiApps().apiApps(a.instance().id(), a.orgId(), p1.id(), PageRequest.first(10))).items()
        .get(0);
    await(apiApps().removeApiApp(a.instance().id(), a.orgId(), p1.id(), listed.id(), CHANGE));
    await(apiApps().createApiApp(app(p1, "api"), CHANGE));
  }

  @Test
  default void fiftyParallelCreatesOfOneNameHaveExactlyOneWinner() throws Exception {
    StoreFixtures.Seeded a = seed("a");
    Project project = await(projects().createProject(project(a.instance().id(), a.orgId(), "p"), CHANGE));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      results.add(pool.submit(() -> {
        start.await();
        try {
          await(apiApps().createApiApp(app(project, "contended"), CHANGE));
          return true;
        } catch (StoreException e) {
          assertThat(e.kind()).isEqualTo(StoreException.Kind.ALREADY_EXISTS);
          return false;
        }
      }));
    }
    start.countDown();
    long winners = 0;
    for (Future<Boolean> result : results) {
      if (result.get(30, TimeUnit.SECONDS)) {
        winners++;
      }
    }
    pool.shutdown();
    assertThat(winners).isEqualTo(1);
    assertThat(await(apiApps().apiApps(a.instance().id(), a.orgId(), project.id(), PageRequest.first(100))).total())
        .isEqualTo(1);
  }
}
