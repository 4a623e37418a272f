package dev.keygate.gateway.http;

import dev.keygate.gateway.domain.IdempotentRequests;
import dev.keygate.gateway.http.contract.ApiContract;
import dev.keygate.gateway.http.contract.ContractViolation;
import dev.keygate.gateway.http.contract.OperationValidator;
import dev.keygate.gateway.http.edge.BodyReader;
import dev.keygate.gateway.http.edge.EdgeLimits;
import dev.keygate.gateway.http.edge.EdgePolicy;
import dev.keygate.gateway.http.edge.FormFieldScreen;
import dev.keygate.gateway.http.edge.HeadRequests;
import dev.keygate.gateway.http.edge.JsonBodyDecoder;
import dev.keygate.gateway.http.idempotency.IdempotencyHandler;
import dev.keygate.gateway.http.protojson.ProtoJsonNormalizer;
import dev.keygate.gateway.http.protojson.ProtoJsonStep;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;
import java.util.List;

/**
 * Builds a surface's router from its contract with {@code vertx-web-openapi-router}: the contract decides which
 * paths and methods exist; every request first passes the edge policy ({@link EdgePolicy}: limits, characters,
 * media types), then each route runs body decoding, the surface's authentication and authorization, for a surface
 * that reads protojson the operation's {@link ProtoJsonNormalizer}, then the operation's precompiled
 * {@link OperationValidator}, then the business handler; a GET operation answers HEAD as well
 * ({@link HeadRequests}). The router's own per-request validation is switched off because it compiles a schema
 * validator per request on a worker thread (see docs/stack.md); ours is compiled from the same contract once.
 * {@link PathDispatch} spares vertx-web trying every route's path pattern on every request.
 */
public final class ContractRouter {

  /** The operation extension that marks a create whose retries the Idempotency-Key makes safe. */
  public static final String IDEMPOTENT = "x-keygate-idempotent";

  private ContractRouter() {}

  /**
   * The operations the contract marks {@code x-keygate-idempotent: true} honour the {@code Idempotency-Key} header
   * ({@link IdempotencyHandler}) through {@code idempotency}, after validation and before the business handler; a
   * contract that marks one while {@code idempotency} is null fails here, at start, rather than let a retry create
   * twice. {@code observer} watches every request and the operation it matched (metrics, access log).
   */
  public static PathDispatch build(Vertx vertx, ApiContract contract, SurfaceBinding surface, EdgeLimits limits,
                                   IdempotentRequests idempotency, RequestObserver observer) {
    RouterBuilder builder = RouterBuilder.create(vertx, contract.openApi(), RequestExtractor.withBodyHandler());
    Handler<RoutingContext> failures = surface.failureHandler();
    Handler<RoutingContext> entering = observer.entering(contract.surface());
    if (entering != null) {
      builder.rootHandler(entering);
    }
    builder.rootHandler(new EdgePolicy(limits, failures));
    builder.rootHandler(new BodyReader(limits.bodyLimit()));
    builder.rootHandler(new FormFieldScreen());
    builder.rootHandler(new JsonBodyDecoder(surface.malformedBodyFirst(), limits.jsonDepth()));
    for (OpenAPIRoute route : builder.getRoutes()) {
      Operation operation = route.getOperation();
      route.setDoValidation(false).setDoSecurity(false);
      Handler<RoutingContext> matched = observer.matched(contract.surface(), operation.getOperationId());
      if (matched != null) {
        route.addHandler(matched);
      }
      Handler<RoutingContext> authenticate = surface.authenticate(operation);
      if (authenticate != null) {
        route.addHandler(authenticate);
      }
      Handler<RoutingContext> authorize = surface.authorize(operation);
      if (authorize != null) {
        route.addHandler(authorize);
      }
      ProtoJsonNormalizer protoJson = surface.readsProtoJson() ? contract.protoJson(operation.getOperationId()) : null;
      if (protoJson != null) {
        route.addHandler(new ProtoJsonStep(protoJson));
      }
      route.addHandler(validation(contract.validator(operation.getOperationId()), surface));
      if ("true".equals(contract.operationExtension(operation, IDEMPOTENT))) {
        if (idempotency == null) {
          throw new IllegalStateException(contract.surface() + ": " + operation.getOperationId() + " is marked "
              + IDEMPOTENT + ", but this router has no Idempotency-Key step");
        }
        route.addHandler(new IdempotencyHandler(idempotency, surface));
      }
      route.addHandler(surface.handle(operation));
      route.addFailureHandler(failures);
    }
    return new PathDispatch(() -> {
      Router router = HeadRequests.servedLikeGet(builder.createRouter());
      router.route().failureHandler(failures);
      router.errorHandler(404, surface::notFound);
      router.errorHandler(405, surface::methodNotAllowed);
      return router;
    });
  }

  private static Handler<RoutingContext> validation(OperationValidator validator, SurfaceBinding surface) {
    return rc -> {
      List<ContractViolation> violations = validator.validate(rc);
      if (violations.isEmpty()) {
        rc.next();
      } else {
        surface.onViolations(rc, violations, validator.bodyOf(rc));
      }
    };
  }
}
