import dev.keygate.gateway.service.AppService;
import dev.keygate.gateway.service.Scope;
import dev.keygate.gateway.service.credential.VerificationCache;
import dev.keygate.gateway.service.crypto.IdGenerator;
import dev.keygate.gateway.service.crypto.MachineKeys;
import dev.keygate.gateway.service.crypto.SecretGenerator;
import dev.keygate.gateway.service.crypto.SecretHasher;
import dev.keygate.store.ApiApp;
import dev.keygate.store.Change;
import dev.keygate.store.Instance;
import dev.keygate.store.KeygateStore;
import dev.keygate.store.NewInstance;
import dev.keygate.store.Organization;
import dev.keygate.store.Project;
import dev.keygate.store.memory.MemoryStore;
import io.vertx.core.Future;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Heap the memory store holds per API app: creates N BASIC apps through the same AppService the gateway uses (ids,
 * secret hashes, events and indexes included), spread over projects of 1000 apps, and compares the live heap after
 * full collections. Run: java -Xmx4g -cp keygate.jar bench/HeapPerApp.java 1000000
 */
public final class HeapPerApp {

  private HeapPerApp() {}

  public static void main(String[] args) throws Exception {
    int apps = Integer.parseInt(args.length > 0 ? args[0] : "1000000");
    KeygateStore store = MemoryStore.create(Long.MAX_VALUE); // no capacity: the measurement must not be refused
    Clock clock = Clock.systemUTC();
    IdGenerator ids = new IdGenerator(clock, 1);
    // the read cache is left out of the figure: it holds at most its bound, whatever the store holds
    VerificationCache reads = new VerificationCache(store.changeFeed(), 1, Duration.ofMinutes(1));
    AppService service = new AppService(store.apiApps(), store.credentialUses(), reads, ids, new SecretGenerator(),
        new SecretHasher(new byte[32]), new MachineKeys(null), clock);
    Instant now = clock.instant();
    String instanceId = ids.next();
    String orgId = ids.next();
    Instance instance = new Instance(instanceId, "heap", orgId,
        List.of(new Instance.Domain("heap.localhost", true, true)), now, now, 0);
    Organization org = new Organization(instanceId, orgId, "heap", now, now, 0);
    await(store.instances().createInstance(new NewInstance(instance, org, null, null, null, new Change("bench", now))));
    Scope scope = new Scope(instanceId, orgId, "bench");
    // projects first, so that the measurement below holds apps only
    int projects = Math.max(1, apps / 1000);
    String[] projectIds = new String[projects];
    for (int p = 0; p < projects; p++) {
      Project project = new Project(instanceId, orgId, ids.next(), "project-" + p, false, false, false, now, now, 0);
      projectIds[p] = await(store.projects().createProject(project, new Change("bench", now))).id();
    }
    long before = liveHeap();
    long accountedBefore = store.usage().usedBytes();
    for (int i = 0; i < apps; i++) {
      await(service.createApiApp(scope, projectIds[i % projects], "application-" + i, ApiApp.AuthMethod.BASIC));
    }
    long after = liveHeap();
    long perApp = (after - before) / apps;
    // what the store's capacity counts for them (store-memory's Weights): should be at or a little above the heap
    long accountedPerApp = (store.usage().usedBytes() - accountedBefore) / apps;
    System.out.println("HEAP_JSON {\"apps\":" + apps + ",\"heap_bytes\":" + (after - before)
        + ",\"heap_bytes_per_app\":" + perApp + ",\"accounted_bytes_per_app\":" + accountedPerApp + "}");
    Reference.reachabilityFence(store); // the store must stay live through the measurement
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static long liveHeap() throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
