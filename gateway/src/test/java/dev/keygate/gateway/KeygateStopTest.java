package dev.keygate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.TestGateway;
import dev.keygate.gateway.testing.TestStore;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

/** What a gateway started, it ends when it stops: a timer left running would call a closed store forever. */
@EveryStore
class KeygateStopTest {

  @Test
  void stoppingCancelsEveryPeriodicTimerTheGatewayStarted() {
    Vertx vertx = Vertx.vertx();
    try {
      KeygateConfig config = new KeygateConfig(KeygateConfig.defaults().mergeIn(TestStore.configuration())
          .put(KeygateConfig.HTTP_PORT, 0).put(KeygateConfig.MANAGEMENT_PORT, 0)
          .put(KeygateConfig.LAST_USE_FLUSH_MS, 10));
      Keygate gateway = TestGateway.await(Keygate.start(vertx, config));
      assertThat(gateway.timers()).as("the idempotency sweep and the last-use flush").hasSize(2);
      TestGateway.await(gateway.stop());
      for (long timer : gateway.timers()) {
        assertThat(vertx.cancelTimer(timer)).as("timer %d still ran after stop", timer).isFalse();
      }
    } finally {
      TestGateway.await(vertx.close());
    }
  }
}
