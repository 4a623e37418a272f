import com.sun.management.ThreadMXBean;
import dev.keygate.gateway.service.credential.LastUses;
import dev.keygate.store.KeygateStore;
import dev.keygate.store.memory.MemoryStore;
import java.lang.management.ManagementFactory;
import java.time.Clock;

/**
 * What recording last use adds to each authenticated request: LastUses.used() on credentials already seen within
 * the minute (the hot path: every request but one a minute per credential), in nanoseconds and bytes allocated per
 * call on one thread, after warm-up. Run: java -cp keygate.jar bench/LastUseCost.java
 */
public final class LastUseCost {

  private LastUseCost() {}

  public static void main(String[] args) {
    KeygateStore store = MemoryStore.create(Long.MAX_VALUE);
    LastUses uses = new LastUses(store.credentialUses(), Clock.systemUTC());
    String[] credentials = new String[args.length > 0 ? Integer.parseInt(args[0]) : 10_000];
    for (int i = 0; i < credentials.length; i++) {
      credentials[i] = "credential-hash-" + i + "-0123456789abcdefghijklmnopqrstuvwxyz";
      credentials[i].hashCode();
    }
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long calls = 50_000_000L;
    for (int round = 0; round < 3; round++) {
      long bytesBefore = threads.getCurrentThreadAllocatedBytes();
      long start = System.nanoTime();
      for (long i = 0; i < calls; i++) {
        uses.used("instance", credentials[(int) (i % credentials.length)]);
      }
      long nanos = System.nanoTime() - start;
      long bytes = threads.getCurrentThreadAllocatedBytes() - bytesBefore;
      System.out.printf("round %d: %.1f ns/call, %.3f bytes/call, %d uses queued in all%n", round,
          (double) nanos / calls, (double) bytes / calls, uses.queuedUses());
    }
    System.out.println("LASTUSE_JSON {\"queued\":" + uses.queuedUses() + ",\"credentials\":" + credentials.length
        + "}");
  }
}
