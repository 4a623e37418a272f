package dev.keygate.store;

import io.vertx.core.Future;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/** Builders for valid records and a blocking {@link #await} for tests (never called on an event loop). */
public final class StoreFixtures {

  private static final AtomicLong IDS = new AtomicLong(300_000_000_000_000_000L + System.nanoTime() % 1_000_000_000L);
  public static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);
  public static final Change CHANGE = new Change("actor-1", NOW);

  private StoreFixtures() {}

  public static String nextId() {
    return Long.toString(IDS.incrementAndGet());
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A tenant: its instance id, first org id and owner (a machine user with IAM_OWNER) with a PAT hash. */
  public record Seeded(Instance instance, String orgId, User owner, String patHash) {}

  public static NewInstance newInstance(String name, String... domains) {
    String instanceId = nextId();
    String orgId = nextId();
    List<Instance.Domain> list = new ArrayList<>();
    for (int i = 0; i < domains.length; i++) {
      list.add(new Instance.Domain(domains[i], i == 0, i == domains.length - 1));
    }
    Instance instance = new Instance(instanceId, name, orgId, list, NOW, NOW, 0);
    Organization org = new Organization(instanceId, orgId, name, NOW, NOW, 0);
    User owner = machine(instanceId, orgId, "owner-" + instanceId, Set.of(User.Role.IAM_OWNER, User.Role.ORG_OWNER));
    PersonalAccessToken pat = new PersonalAccessToken(instanceId, owner.id(), nextId(), "pat-hash-" + instanceId,
        Instant.parse("9999-12-31T23:59:59Z"), NOW);
    MachineKey key = new MachineKey(instanceId, owner.id(), nextId(), "KEY_TYPE_JSON", "-----BEGIN PUBLIC KEY-----",
        Instant.parse("9999-12-31T23:59:59Z"), NOW);
    return new NewInstance(instance, org, owner, pat, key, CHANGE);
  }

  public static User machine(String instanceId, String orgId, String userName, Set<User.Role> roles) {
    return new User(instanceId, orgId, nextId(), User.Kind.MACHINE, userName, "Machine " + userName, null,
        "ACCESS_TOKEN_TYPE_BEARER", null, false, null, null, null, null, null, roles, NOW, NOW, 0);
  }

  public static User human(String instanceId, String orgId, String userName) {
    return new User(instanceId, orgId, nextId(), User.Kind.HUMAN, userName, "Ada Lovelace", null, null,
        userName + "@example.com", true, "Ada", "Lovelace", "en", "$2a$10$hash", null, Set.of(), NOW, NOW, 0);
  }

  public static Project project(String instanceId, String orgId, String name) {
    return new Project(instanceId, orgId, nextId(), name, false, false, false, NOW, NOW, 0);
  }

  /** A further organization of the instance, not stored yet. */
  public static Organization organization(String instanceId, String name) {
    return new Organization(instanceId, nextId(), name, NOW, NOW, 0);
  }

  /** A PAT of the user that never expires, its hash unique. */
  public static PersonalAccessToken pat(User user) {
    String id = nextId();
    return new PersonalAccessToken(user.instanceId(), user.id(), id, "pat-hash-" + id,
        Instant.parse("9999-12-31T23:59:59Z"), NOW);
  }

  /** A public key of the machine user that never expires. */
  public static MachineKey machineKey(User user) {
    return new MachineKey(user.instanceId(), user.id(), nextId(), "KEY_TYPE_JSON", "-----BEGIN PUBLIC KEY-----",
        Instant.parse("9999-12-31T23:59:59Z"), NOW);
  }

  /** A public key of the API app that never expires. */
  public static AppKey appKey(ApiApp app) {
    return new AppKey(app.instanceId(), app.orgId(), app.projectId(), app.id(), nextId(), "-----BEGIN PUBLIC KEY-----",
        Instant.parse("9999-12-31T23:59:59Z"), NOW);
  }

  public static ApiApp app(Project project, String name) {
    return new ApiApp(project.instanceId(), project.orgId(), project.id(), nextId(), name, nextId(),
        ApiApp.AuthMethod.BASIC, "secret-hash-" + name, NOW, NOW, 0);
  }
}
