package dev.keygate.gateway.http.protojson;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstantTextTest {

  @Test
  void writesWhatInstantToStringWrites() {
    SplittableRandom random = new SplittableRandom(20261201);
    for (int i = 0; i < 500_000; i++) {
      long seconds = random.nextLong(-62_167_219_200L - 86_400 * 800L, 253_402_300_799L + 86_400 * 800L);
      int nanos = switch (i % 4) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1000;
        default -> random.nextInt(1_000_000_000);
      };
      Instant instant = Instant.ofEpochSecond(seconds, nanos);
      assertThat(InstantText.of(instant)).as("%s s %s ns", seconds, nanos).isEqualTo(instant.toString());
    }
  }

  @Test
  void theEdgesOfTheRangeAndOfItsDays() {
    for (Instant instant : List.of(Instant.EPOCH, Instant.MIN, Instant.MAX, Instant.parse("0000-01-01T00:00:00Z"),
        Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("-0001-12-31T23:59:59Z"),
        Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("2000-02-29T12:00:00.100Z"),
        Instant.parse("1900-03-01T00:00:00.000001Z"), Instant.parse("2026-12-01T23:59:59.000000001Z"),
        Instant.ofEpochSecond(-1), Instant.ofEpochSecond(-1, 999_999_999))) {
      assertThat(InstantText.of(instant)).isEqualTo(instant.toString());
    }
  }
}
