package dev.keygate.gateway.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** One real gateway per test class, with a tenant "acme" whose owner's PAT the tests use. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class GatewayTest {

  protected TestGateway gateway;
  protected Http http;
  protected Tenants.Tenant acme;

  @BeforeAll
  void startGateway() {
    gateway = TestGateway.start();
    http = gateway.http();
    acme = gateway.tenants().create("acme");
  }

  @AfterAll
  void stopGateway() {
    gateway.close();
  }
}
