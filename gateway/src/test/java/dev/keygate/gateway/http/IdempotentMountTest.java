package dev.keygate.gateway.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keygate.gateway.http.contract.ApiContract;
import dev.keygate.gateway.http.edge.EdgeLimits;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.openapi.contract.Operation;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A contract that marks an operation idempotent cannot be mounted without the Idempotency-Key step. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class IdempotentMountTest {

  @Test
  void anIdempotentOperationOnARouterWithoutTheStepFailsAtStart(Vertx vertx, VertxTestContext ctx) {
    ApiContract.load(vertx, "zitadel-management").onComplete(ctx.succeeding(management -> ctx.verify(() -> {
      assertThatThrownBy(() -> ContractRouter.build(vertx, management, new Answering(), EdgeLimits.withBodyLimit(1024),
          null, RequestObserver.NONE))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("x-keygate-idempotent")
          .hasMessageContaining("zitadel-management: AddProject");
      ctx.completeNow();
    })));
  }

  /** A surface that answers every operation with 200; only its shape matters here. */
  private static final class Answering implements SurfaceBinding {
    @Override
    public Handler<RoutingContext> authenticate(Operation operation) {
      return null;
    }

    @Override
    public Handler<RoutingContext> handle(Operation operation) {
      return rc -> rc.response().end();
    }

    @Override
    public Handler<RoutingContext> failureHandler() {
      return rc -> rc.response().setStatusCode(500).end();
    }

    @Override
    public void notFound(RoutingContext rc) {
      rc.response().setStatusCode(404).end();
    }

    @Override
    public void methodNotAllowed(RoutingContext rc) {
      rc.response().setStatusCode(405).end();
    }
  }
}
