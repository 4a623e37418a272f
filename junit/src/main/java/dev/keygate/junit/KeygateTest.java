package dev.keygate.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against a Keygate started in the test's JVM ({@link KeygateExtension}): one server
 * per test class, on the memory store, listening on 127.0.0.1 at free ports, stopped after the class's last test.
 * Test methods, constructors and {@code @BeforeAll}, {@code @BeforeEach} (and {@code @After…}) methods receive it as
 * a {@link KeygateServer} parameter.
 *
 * <pre>{@code
 * @KeygateTest(settings = "KEYGATE_ACCESS_TOKEN_LIFETIME=300")
 * class BillingClientTest {
 *   @Test
 *   void createsAProject(KeygateServer keygate) {
 *     KeygateServer.Tenant acme = keygate.newTenant("acme");
 *     // call keygate.baseUrl() + "/management/v1/projects" with "Authorization: Bearer " + acme.pat()
 *   }
 * }
 * }</pre>
 *
 * <p>A {@code @Nested} class shares the server of its enclosing class, unless it carries {@code @KeygateTest} itself,
 * which gives it a server of its own, with its own settings.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KeygateExtension.class)
public @interface KeygateTest {

  /**
   * Keygate settings for this class's server, each {@code KEY=value} with a key of README.md's Configuration table
   * (e.g. {@code "KEYGATE_ACCESS_TOKEN_LIFETIME=300"}); they win over the extension's own choices
   * ({@link KeygateServer}). Only these are read: the environment and system properties of the test's JVM are not,
   * so a test runs the same everywhere. A key that is not a setting, a store other than {@code memory}, or
   * {@code KEYGATE_WARMUP} fails the class.
   */
  String[] settings() default {};
}
