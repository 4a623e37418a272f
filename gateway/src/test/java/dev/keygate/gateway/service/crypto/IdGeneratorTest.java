package dev.keygate.gateway.service.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IdGeneratorTest {

  private static final Clock FROZEN = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void idsAreEighteenDigitSonyflakesWithTheNodeInTheLowBits() {
    String id = new IdGenerator(FROZEN, 0xBEEF).next();

    assertThat(id).matches("[0-9]{18}");
    long value = Long.parseLong(id);
    assertThat(value & 0xFFFF).isEqualTo(0xBEEF);
    long tenMillisSinceEpoch = (Instant.parse("2026-11-22T12:00:00Z").toEpochMilli()
        - Instant.parse("2019-04-29T00:00:00Z").toEpochMilli()) / 10;
    assertThat(value >>> 24).isEqualTo(tenMillisSinceEpoch);
  }

  @Test
  void aFrozenClockStillYieldsUniqueIncreasingIdsBeyondTheSequenceSpace() {
    IdGenerator ids = new IdGenerator(FROZEN, 1);
    List<Long> issued = IntStream.range(0, 5_000).mapToObj(i -> Long.parseLong(ids.next())).toList();

    assertThat(issued).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void concurrentCallersNeverShareAnId() throws Exception {
    IdGenerator ids = new IdGenerator(Clock.systemUTC(), 7);
    Set<String> seen = ConcurrentHashMap.newKeySet();
    List<Thread> threads = IntStream.range(0, 4).mapToObj(t -> new Thread(() -> {
      for (int i = 0; i < 20_000; i++) {
        seen.add(ids.next());
      }
    })).toList();
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(seen).hasSize(80_000);
  }

  @Test
  void twoNodesNeverCollide() {
    IdGenerator one = new IdGenerator(FROZEN, 1);
    IdGenerator two = new IdGenerator(FROZEN, 2);
    Set<String> all = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      all.add(one.next());
      all.add(two.next());
    }
    assertThat(all).hasSize(2000);
  }

  @Test
  void nodeIdMustFitSixteenBits() {
    assertThatThrownBy(() -> new IdGenerator(FROZEN, 65536)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IdGenerator(FROZEN, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
