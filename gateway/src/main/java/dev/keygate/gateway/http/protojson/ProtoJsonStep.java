package dev.keygate.gateway.http.protojson;

import dev.keygate.gateway.http.DecodedBody;
import dev.keygate.gateway.http.RequestKeys;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads the decoded body of one operation as protojson reads it ({@link ProtoJsonNormalizer}) and leaves the
 * canonical form for the validator and the handler; a body protojson would refuse fails with a
 * {@link ProtoJsonException}.
 */
public final class ProtoJsonStep implements Handler<RoutingContext> {

  private final ProtoJsonNormalizer normalizer;

  public ProtoJsonStep(ProtoJsonNormalizer normalizer) {
    this.normalizer = normalizer;
  }

  @Override
  public void handle(RoutingContext rc) {
    DecodedBody decoded = rc.get(RequestKeys.BODY);
    if (decoded != null) {
      Object canonical;
      try {
        canonical = normalizer.normalize(decoded.value());
      } catch (ProtoJsonException e) {
        rc.fail(400, e);
        return;
      }
      if (canonical != decoded.value()) {
        rc.put(RequestKeys.BODY, new DecodedBody(canonical));
      }
    }
    rc.next();
  }
}
