package dev.keygate.gateway.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link GatewayTest} with a gRPC client connected to its gateway for the class's tests. */
public abstract class GrpcGatewayTest extends GatewayTest {

  protected GrpcClient grpc;

  @BeforeAll
  void connectGrpc() {
    grpc = new GrpcClient(gateway.port());
  }

  @AfterAll
  void disconnectGrpc() {
    grpc.close();
  }
}
