package dev.keygate.gateway.testing;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** One real gateway per test class, with a tenant "acme" whose owner's PAT the tests use. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EveryStore
public abstract class GatewayTest {

  protected TestGateway gateway;
  protected Http http;
  protected Tenants.Tenant acme;

  @BeforeAll
  void startGateway() {
    gateway = TestGateway.start(configuration(), clock());
    http = gateway.http();
    acme = gateway.tenants().create("acme");
  }

  @AfterAll
  void stopGateway() {
    gateway.close();
  }

  /** Settings of the test class over the test gateway's own (none, unless the class says otherwise). */
  protected JsonObject configuration() {
    return new JsonObject();
  }

  /** The clock the gateway reads: the system's, unless the test class moves time itself (a {@link TestClock}). */
  protected Clock clock() {
    return Clock.systemUTC();
  }
}
