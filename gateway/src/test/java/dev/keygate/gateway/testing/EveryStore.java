package dev.keygate.gateway.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that runs on the store of the run ({@link TestStore}): it starts a gateway or Keygate, or is
 * handed a store as a parameter (this annotation registers {@link TestStore} for that). The build runs every test on
 * the memory store, then the tests with this tag again on PostgreSQL (surefire's {@code groups}, see gateway/pom.xml);
 * a test without it runs once. {@link GatewayTest} carries it, so its subclasses are tagged without saying so, and
 * {@code StoreTagsTest} fails the build for a test class that reaches a store without it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag(EveryStore.TAG)
@ExtendWith(TestStore.class)
public @interface EveryStore {

  /** The JUnit tag, as gateway/pom.xml names it. */
  String TAG = "every-store";
}
