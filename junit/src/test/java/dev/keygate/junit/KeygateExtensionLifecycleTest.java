package dev.keygate.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * When servers start and stop, seen from outside: this test runs the test classes below with JUnit's launcher, as a
 * build would, and looks at their servers once they have ended. The classes run only inside that launch.
 */
class KeygateExtensionLifecycleTest {

  /** Each class's server, by a name of the test that saw it. */
  private static final Map<String, KeygateServer> SERVERS = new ConcurrentHashMap<>();
  private static volatile boolean launched;

  static boolean launched() {
    return launched;
  }

  @Test
  void eachClassGetsAServerOfItsOwnThatStopsWhenTheClassEnds() throws IOException {
    // what the extension must not read: Main would fail its start on this KEYGATE_WARMUP, and would take its
    // KEYGATE_EXTERNAL_DOMAIN from a system property; a server of the extension reads neither
    System.setProperty("KEYGATE_WARMUP", "not-a-value-keygate-takes");
    System.setProperty("KEYGATE_EXTERNAL_DOMAIN", "from-a-system-property.example");
    TestExecutionSummary summary;
    try {
      launched = true;
      summary = launch(First.class, Second.class, Plain.class);
    } finally {
      launched = false;
      System.clearProperty("KEYGATE_WARMUP");
      System.clearProperty("KEYGATE_EXTERNAL_DOMAIN");
    }

    StringWriter failures = new StringWriter();
    summary.printFailuresTo(new PrintWriter(failures), 20);
    assertThat(summary.getTotalFailureCount()).as(failures.toString()).isZero();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(5);

    // a @Nested class shares its enclosing class's server unless it carries @KeygateTest itself
    assertThat(SERVERS.get("first-nested")).isSameAs(SERVERS.get("first"));
    List<KeygateServer> own = List.of(SERVERS.get("first"), SERVERS.get("second"), SERVERS.get("second-own"),
        SERVERS.get("plain"));
    assertThat(own).doesNotHaveDuplicates();
    assertThat(own.stream().map(KeygateServer::port)).doesNotHaveDuplicates();
    assertThat(own.stream().map(KeygateServer::systemToken)).doesNotHaveDuplicates();
    for (KeygateServer server : own) {
      assertThat(refuses(server.port())).as("%s's main port once its class ended", server).isTrue();
      assertThat(refuses(server.managementPort())).as("%s's management port", server).isTrue();
    }
  }

  private static TestExecutionSummary launch(Class<?>... classes) {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(List.of(classes).stream().map(DiscoverySelectors::selectClass).toList())
        .configurationParameter("junit.jupiter.testclass.order.default", ClassOrderer.OrderAnnotation.class.getName())
        .build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(request, listener);
    return listener.getSummary();
  }

  static boolean refuses(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      return false;
    } catch (ConnectException e) {
      return true;
    }
  }

  static int status(KeygateServer server) {
    return Requests.get(server.baseUrl() + "/healthz", null).status();
  }

  @EnabledIf("dev.keygate.junit.KeygateExtensionLifecycleTest#launched")
  @KeygateTest
  @Order(1)
  static class First {

    @Test
    void answers(KeygateServer keygate) {
      SERVERS.put("first", keygate);
      assertThat(status(keygate)).isEqualTo(200);
      assertThat(keygate.newTenant("first").domain()).endsWith(".localhost");
    }

    @Nested
    class Inner {
      @Test
      void answers(KeygateServer keygate) {
        SERVERS.put("first-nested", keygate);
        assertThat(status(keygate)).isEqualTo(200);
      }
    }
  }

  @EnabledIf("dev.keygate.junit.KeygateExtensionLifecycleTest#launched")
  @KeygateTest
  @Order(2)
  static class Second {

    @Test
    void answersWhileTheServerOfTheClassBeforeIsGone(KeygateServer keygate) throws IOException {
      SERVERS.put("second", keygate);
      assertThat(status(keygate)).isEqualTo(200);
      KeygateServer first = SERVERS.get("first");
      assertThat(refuses(first.port())).as("the first class's server, once that class ended").isTrue();
    }

    @Nested
    @KeygateTest(settings = "KEYGATE_EXTERNAL_DOMAIN=own.test")
    class Own {
      @Test
      void answersWithItsOwnSettings(KeygateServer keygate) {
        SERVERS.put("second-own", keygate);
        assertThat(keygate.newTenant("own").domain()).endsWith(".own.test");
      }
    }
  }

  /** The extension alone, with its defaults, and a test instance made before any @BeforeAll. */
  @EnabledIf("dev.keygate.junit.KeygateExtensionLifecycleTest#launched")
  @ExtendWith(KeygateExtension.class)
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @Order(3)
  static class Plain {

    private final KeygateServer constructed;

    Plain(KeygateServer keygate) {
      this.constructed = keygate;
    }

    @BeforeAll
    void beforeAll(KeygateServer keygate) {
      assertThat(keygate).isSameAs(constructed);
    }

    @Test
    void answers(KeygateServer keygate) {
      SERVERS.put("plain", keygate);
      assertThat(keygate).isSameAs(constructed);
      assertThat(status(keygate)).isEqualTo(200);
    }
  }
}
