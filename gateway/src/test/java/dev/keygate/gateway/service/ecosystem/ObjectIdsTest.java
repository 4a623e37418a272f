package dev.keygate.gateway.service.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.service.crypto.SecretGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ObjectIdsTest {

  @Test
  void idsArePrefixedObjectIdsWithTheCreationSecondFirst() {
    Clock clock = Clock.fixed(Instant.ofEpochSecond(0x6b036602L), ZoneOffset.UTC);
    String id = new ObjectIds(clock, new SecretGenerator()).next('C');

    assertThat(id).matches("C[0-9a-f]{24}").startsWith("C6b036602");
  }

  @Test
  void idsOfOneProcessGrowSoStoresAppendThem() {
    ObjectIds ids = new ObjectIds(Clock.systemUTC(), new SecretGenerator());
    List<String> issued = IntStream.range(0, 10_000).mapToObj(i -> ids.next('K')).toList();

    // within one second the counter decides; it may wrap once at 2^24, which 10,000 ids rarely reach
    long outOfOrder = IntStream.range(1, issued.size())
        .filter(i -> issued.get(i).compareTo(issued.get(i - 1)) <= 0).count();
    assertThat(outOfOrder).isLessThanOrEqualTo(1);
    assertThat(issued).doesNotHaveDuplicates();
  }
}
